import { E2eeWireSchema, MAX_DATA_MESSAGE_CHARS, type E2eeWire } from '@parley/protocol';
import { fromBase64, toBase64 } from './base64.js';
import type { SendingKey } from './E2eeKeyring.js';
import { verifyLinkBinding, type E2eeIdentity } from './identity.js';

/** The part of an RTCDataChannel the exchange uses. */
export interface KeyChannel {
  readonly readyState: RTCDataChannelState;
  send(text: string): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** This link's two DTLS certificate fingerprints (`a=fingerprint` of each side's description). */
export interface LinkFingerprints {
  readonly local: string;
  readonly remote: string;
}

export interface LinkKeyExchangeEvents {
  /** The other side proved this identity is theirs on this very link. */
  identity(publicKey: Uint8Array): void;
  /** A sending key of theirs, only ever after their identity. */
  key(key: SendingKey): void;
  /** Something the other side sent was refused (the link is not what it claims, or the message is malformed). */
  refused(reason: string): void;
}

/**
 * The key exchange on one peer link's `parley-e2ee` data channel (DTLS-protected, never through
 * signaling or the SFU): each side sends its identity bound to the link's fingerprints, then, once
 * the other side's identity verified on this link, its sending key, and every new one after a
 * rotation. Both ways a key goes only with a proved identity: our key reaches only those whose
 * identity counts in the safety code (software that does not take part, or a middle that will not
 * show itself in the code, gets none), and a key cannot come from anyone else. Messages are
 * handled one at a time, in order.
 */
export class LinkKeyExchange {
  readonly #channel: KeyChannel;
  readonly #identity: E2eeIdentity;
  readonly #fingerprints: () => LinkFingerprints | null;
  readonly #events: LinkKeyExchangeEvents;
  #theirIdentity: Uint8Array | null = null;
  /** Our latest key, held until both identities are in place (null once sent). */
  #keyToSend: SendingKey | null = null;
  /** Ours went out: a key may follow it (the other side refuses a key before an identity). */
  #identitySent = false;
  /** An identity was refused here: nothing more from this link is believed. */
  #distrusted = false;
  #queue: Promise<void> = Promise.resolve();
  readonly #onMessage = (event: MessageEvent) => {
    this.#queue = this.#queue.then(() => this.#receive(event.data));
  };

  constructor(channel: KeyChannel, identity: E2eeIdentity, fingerprints: () => LinkFingerprints | null, events: LinkKeyExchangeEvents) {
    this.#channel = channel;
    this.#identity = identity;
    this.#fingerprints = fingerprints;
    this.#events = events;
    channel.addEventListener('message', this.#onMessage);
  }

  /** The identity the other side proved, once it has. */
  get theirIdentity(): Uint8Array | null {
    return this.#theirIdentity;
  }

  /**
   * Once the channel is open: our identity bound to this link, at once (it needs no key), then our
   * latest key (`key`, or one given to `sendKey` meanwhile or later) once theirs is proved.
   */
  async start(key?: SendingKey): Promise<void> {
    if (key) this.#keyToSend = key;
    // A description being applied (a rollback in a renegotiation) may leave none for a moment.
    let fingerprints = this.#fingerprints();
    for (let attempt = 0; !fingerprints && attempt < START_RETRIES; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, IDENTITY_RETRY_MS));
      fingerprints = this.#fingerprints();
    }
    if (!fingerprints) throw new Error('the link has no DTLS fingerprints');
    const binding = await this.#identity.bindLink(fingerprints.local, fingerprints.remote);
    if (this.#channel.readyState !== 'open') return; // the link closed meanwhile: it is going
    this.#send({ t: 'identity', publicKey: toBase64(this.#identity.publicKey), binding: toBase64(binding) });
    this.#identitySent = true;
    this.#flushKey();
  }

  /**
   * Our new key: sent once both identities are in place (a later key replaces one not yet sent, so
   * only the latest goes, and never before an earlier one); a channel that has closed (its link is
   * going) is skipped.
   */
  sendKey(key: SendingKey): void {
    this.#keyToSend = key;
    this.#flushKey();
  }

  close(): void {
    this.#channel.removeEventListener('message', this.#onMessage);
  }

  #flushKey(): void {
    if (!this.#keyToSend || !this.#identitySent || !this.#theirIdentity || this.#distrusted) return;
    const key = this.#keyToSend;
    this.#keyToSend = null;
    if (this.#channel.readyState !== 'open') return;
    this.#send({ t: 'key', keyId: key.keyId.toString(), baseKey: toBase64(key.baseKey) });
  }

  #distrust(reason: string): void {
    this.#distrusted = true;
    this.#events.refused(reason);
  }

  #send(message: E2eeWire): void {
    this.#channel.send(JSON.stringify(message));
  }

  async #receive(data: unknown): Promise<void> {
    const message = parse(data);
    if (!message) {
      this.#events.refused('a malformed key exchange message');
      return;
    }
    if (message.t === 'identity') {
      const publicKey = fromBase64(message.publicKey);
      const seen: string[] = [];
      let proved = false;
      // Read afresh on each try: a description being applied may not yet be in place.
      for (let attempt = 0; !proved && attempt <= IDENTITY_RETRIES; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, IDENTITY_RETRY_MS));
        const fingerprints = this.#fingerprints();
        seen.push(fingerprints ? `${short(fingerprints.local)}/${short(fingerprints.remote)}` : 'none');
        proved =
          fingerprints !== null &&
          (await verifyLinkBinding(publicKey, fromBase64(message.binding), fingerprints.remote, fingerprints.local));
      }
      if (!proved) {
        this.#distrust(`an identity not bound to this link (local/remote fingerprints seen: ${[...new Set(seen)].join(', ')})`);
        return;
      }
      if (this.#theirIdentity && toBase64(this.#theirIdentity) !== message.publicKey) {
        this.#distrust('a second identity on one link');
        return;
      }
      this.#theirIdentity = publicKey;
      this.#events.identity(publicKey);
      this.#flushKey();
      return;
    }
    if (this.#distrusted) {
      this.#events.refused('a key on a link whose identity was refused');
      return;
    }
    if (!this.#theirIdentity) {
      this.#events.refused('a key before a proved identity');
      return;
    }
    this.#events.key({ keyId: BigInt(message.keyId), baseKey: fromBase64(message.baseKey) });
  }
}

/** An identity that does not verify is tried again this often before the link is distrusted. */
const IDENTITY_RETRIES = 4;
const IDENTITY_RETRY_MS = 250;
/** How long (in tries of IDENTITY_RETRY_MS) our own identity waits for the link's fingerprints. */
const START_RETRIES = 20;

/** The end of a fingerprint, enough to tell two apart in a message. */
function short(fingerprint: string): string {
  return fingerprint.slice(-8);
}

function parse(data: unknown): E2eeWire | null {
  if (typeof data !== 'string' || data.length > MAX_DATA_MESSAGE_CHARS) return null;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = E2eeWireSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
