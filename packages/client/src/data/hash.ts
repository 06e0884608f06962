import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { createSHA256 } from 'hash-wasm';

/** An incremental SHA-256 (FIPS 180-4): WebCrypto has only one-shot digests, which would need the whole file in memory. */
export interface Sha256 {
  update(data: Uint8Array): void;
  /** Lower-case hex of the digest. Call once. */
  digestHex(): string;
}

let wasmWorks: boolean | null = null;

/** Which SHA-256 implementation createSha256() picked here (null before its first call). */
export function sha256Implementation(): 'wasm' | 'js' | null {
  return wasmWorks === null ? null : wasmWorks ? 'wasm' : 'js';
}

/**
 * hash-wasm (WebAssembly, about twice as fast as pure JS here) when the environment allows
 * WebAssembly (a page's CSP needs 'wasm-unsafe-eval'), else @noble/hashes (pure JS).
 */
export async function createSha256(): Promise<Sha256> {
  if (wasmWorks !== false) {
    try {
      const hasher = await createSHA256();
      hasher.init();
      wasmWorks = true;
      return {
        update: (data) => void hasher.update(data),
        digestHex: () => hasher.digest('hex'),
      };
    } catch {
      wasmWorks = false;
    }
  }
  const hasher = nobleSha256.create();
  return {
    update: (data) => void hasher.update(data),
    digestHex: () => toHex(hasher.digest()),
  };
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** SHA-256 of a Blob read in slices (bounded memory), on the calling thread. */
export async function digestBlob(blob: Blob, sliceBytes = 4 * 1024 * 1024): Promise<string> {
  const hasher = await createSha256();
  for (let offset = 0; offset < blob.size; offset += sliceBytes) {
    hasher.update(new Uint8Array(await blob.slice(offset, offset + sliceBytes).arrayBuffer()));
  }
  return hasher.digestHex();
}
