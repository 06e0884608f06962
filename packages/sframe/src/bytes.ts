/**
 * Byte-string helpers shared by the header, the key schedule and the AEADs. KID and CTR are
 * unsigned 64-bit integers (§4.3), so they travel as `bigint`.
 */

/** The largest KID or CTR: both are at most 8 bytes long on the wire (§4.3). */
export const MAX_UINT64 = (1n << 64n) - 1n;

/**
 * WebCrypto takes `BufferSource`, which excludes views of a SharedArrayBuffer. A view over a plain
 * ArrayBuffer is passed as it is; anything else is copied.
 */
export function toBufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  if (bytes.buffer instanceof ArrayBuffer) return bytes as Uint8Array<ArrayBuffer>;
  return new Uint8Array(bytes);
}

/** `a || b || …`, the `+` of the RFC's pseudocode. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** `encode_big_endian(value, length)` of §4.4.3 and §4.5.1. Throws if the value does not fit. */
export function encodeBigEndian(value: bigint, length: number): Uint8Array<ArrayBuffer> {
  if (value < 0n || value >> BigInt(8 * length) !== 0n) {
    throw new RangeError(`0x${value.toString(16)} does not fit in ${length} bytes`);
  }
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/** The unsigned big-endian integer that `bytes` spell. */
export function decodeBigEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** The fewest bytes that hold `value` big-endian (at least one). */
export function minimalLength(value: bigint): number {
  let length = 1;
  while (value >> BigInt(8 * length) !== 0n) length++;
  return length;
}

/**
 * Compares two tags without stopping at the first difference, so the time taken does not tell
 * an attacker how many leading bytes of a forged tag were right (§4.5.1 `constant_time_equal`).
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

/** Checks that a KID or CTR given by a caller is an unsigned 64-bit integer. */
export function assertUint64(value: bigint, what: string): void {
  if (typeof value !== 'bigint' || value < 0n || value > MAX_UINT64) {
    throw new RangeError(`${what} must be a bigint from 0 to 2^64 - 1`);
  }
}
