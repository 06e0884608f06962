/**
 * A participant's identity for end-to-end encryption: an ECDSA P-256 key pair (FIPS 186-5) made
 * on the device for the session, whose private half can never be exported (WebCrypto
 * `extractable: false`). Its public half goes to every other participant over the peer-to-peer
 * data channel, with a signature binding it to that link's two DTLS certificate fingerprints.
 *
 * Why the binding: the fingerprints travel in the SDP, through the signaling server. A server
 * that swapped them could sit in the middle of the DTLS link and relay everything, even an
 * identity it did not make. Signed over the fingerprints as the signer sees them, an identity
 * relayed that way does not verify at the other end (it sees the middle's fingerprints); one the
 * middle makes itself verifies, but then the safety codes differ (safetyCode.ts), which people
 * comparing them notice.
 */
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNATURE = { name: 'ECDSA', hash: 'SHA-256' } as const;
const CONTEXT = 'parley e2ee link binding v1';

export class E2eeIdentity {
  readonly #privateKey: CryptoKey;
  /** The public key, uncompressed (SEC 1 §2.3.3: 0x04, x, y; 65 bytes). */
  readonly publicKey: Uint8Array<ArrayBuffer>;

  static async create(): Promise<E2eeIdentity> {
    const pair = await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    return new E2eeIdentity(pair.privateKey, raw);
  }

  private constructor(privateKey: CryptoKey, publicKey: Uint8Array<ArrayBuffer>) {
    this.#privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** The signature that binds this identity to a link: this side's DTLS fingerprint, then the other side's. */
  async bindLink(localFingerprint: string, remoteFingerprint: string): Promise<Uint8Array<ArrayBuffer>> {
    const signed = bindingMessage(localFingerprint, remoteFingerprint);
    return new Uint8Array(await crypto.subtle.sign(SIGNATURE, this.#privateKey, signed));
  }
}

/**
 * Whether `signature` binds the identity `publicKey` to this link, as the signer saw it: the
 * signer's fingerprint is the remote one here, and ours the remote one there. False for a key that
 * is not a P-256 point.
 */
export async function verifyLinkBinding(
  publicKey: Uint8Array<ArrayBuffer>,
  signature: Uint8Array<ArrayBuffer>,
  signerFingerprint: string,
  ourFingerprint: string,
): Promise<boolean> {
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('raw', publicKey, ALGORITHM, false, ['verify']);
  } catch {
    return false;
  }
  return crypto.subtle.verify(SIGNATURE, key, signature, bindingMessage(signerFingerprint, ourFingerprint));
}

function bindingMessage(signerFingerprint: string, otherFingerprint: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${CONTEXT}\n${signerFingerprint.toLowerCase()}\n${otherFingerprint.toLowerCase()}`);
}
