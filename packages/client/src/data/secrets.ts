/** Random ids and the resume proofs of the file protocol (WebCrypto: browsers and Node ≥ 20). */

export function randomId(bytes = 12): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A fresh 32-byte per-transfer secret, base64url (43 characters). */
export function newTransferKey(): string {
  return randomId(32);
}

/**
 * HMAC-SHA256 (RFC 2104) of `parts` joined by "|", keyed with the transfer secret. The parts
 * include both participant ids of the link the proof travels on, as the server stamped them,
 * so a proof is worthless on any other link.
 */
export async function proof(key: string, ...parts: string[]): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey('raw', fromBase64url(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', cryptoKey, new TextEncoder().encode(parts.join('|')));
  return base64url(new Uint8Array(mac));
}

/** Constant-time comparison of two proofs. */
export function sameProof(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
