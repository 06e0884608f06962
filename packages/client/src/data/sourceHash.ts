import { createSha256 } from './hash.js';

/**
 * SHA-256 of an outgoing file, fed by the send loop itself: each slice read for sending is hashed
 * after it went out, so the file is read once, not twice (reading a Blob costs about as much CPU
 * as hashing it here). Slices arrive in order; a slice that does not continue the hashed prefix
 * (a second receiver behind the first, a resume from an earlier offset) is skipped. `finish`
 * reads and hashes whatever was never fed, then returns the digest.
 */
export interface SourceHasher {
  /** `data` is handed over: the caller must not use it afterwards. */
  feed(offset: number, data: ArrayBuffer): void;
  finish(blob: Blob): Promise<string>;
}

/** On the calling thread (Node, and browsers without workers). */
export class InlineSourceHasher implements SourceHasher {
  readonly #hasher = createSha256();
  #offset = 0;
  #chain: Promise<void> = Promise.resolve();

  feed(offset: number, data: ArrayBuffer): void {
    this.#chain = this.#chain.then(async () => {
      const hasher = await this.#hasher;
      if (offset !== this.#offset) return;
      hasher.update(new Uint8Array(data));
      this.#offset += data.byteLength;
    });
  }

  finish(blob: Blob): Promise<string> {
    return this.#chain.then(async () => {
      const hasher = await this.#hasher;
      const slice = 4 * 1024 * 1024;
      for (let at = this.#offset; at < blob.size; at += slice) {
        hasher.update(new Uint8Array(await blob.slice(at, Math.min(blob.size, at + slice)).arrayBuffer()));
      }
      this.#offset = blob.size;
      return hasher.digestHex();
    });
  }
}
