import { createSha256 } from './hash.js';

/**
 * SHA-256 of an outgoing file, fed by the send loop itself: each slice read for sending is hashed
 * after it went out, so the file is read once, not twice (reading a Blob costs about as much CPU
 * as hashing it here). Slices arrive in order; only the part of a slice that continues the hashed
 * prefix is hashed (a resume from an earlier offset overlaps it; a slice past it, sent to a second
 * receiver ahead of the first, is skipped). `finish`
 * reads and hashes whatever was never fed, then returns the digest.
 */
export interface SourceHasher {
  /** `data` is handed over: the caller must not use it afterwards. */
  feed(offset: number, data: ArrayBuffer): void;
  finish(blob: Blob): Promise<string>;
}

/** The part of `data` (the file's bytes from `offset`) that continues a prefix of `hashed` bytes, or null. */
export function unhashedPart(hashed: number, offset: number, data: ArrayBuffer): Uint8Array | null {
  if (offset > hashed || offset + data.byteLength <= hashed) return null;
  return new Uint8Array(data, hashed - offset);
}

/** On the calling thread (Node, and browsers without workers). */
export class InlineSourceHasher implements SourceHasher {
  readonly #hasher = createSha256();
  #offset = 0;
  #chain: Promise<void> = Promise.resolve();

  feed(offset: number, data: ArrayBuffer): void {
    this.#chain = this.#chain.then(async () => {
      const hasher = await this.#hasher;
      const part = unhashedPart(this.#offset, offset, data);
      if (!part) return;
      hasher.update(part);
      this.#offset += part.byteLength;
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
