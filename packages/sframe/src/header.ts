/**
 * The SFrame header of §4.3: a config byte, then the KID and the CTR, each as a big-endian
 * unsigned integer in the fewest bytes that hold it.
 *
 * ```
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+------------+------------+
 * |X|  K  |Y|  C  |   KID...   |   CTR...   |
 * +-+-+-+-+-+-+-+-+------------+------------+
 * ```
 *
 * A value from 0 to 7 sits in K (or C) itself with X (or Y) clear. A larger one is written after
 * the config byte, and K (or C) holds its length minus one, with X (or Y) set. The header is sent
 * in clear and is part of the AAD (§4.4.3), so the receiver must read it before it has a key.
 */
import { assertUint64, decodeBigEndian, encodeBigEndian, minimalLength } from './bytes.js';
import { MalformedHeaderError, TruncatedFrameError } from './errors.js';

/** The longest header: a config byte, an 8-byte KID and an 8-byte CTR. */
export const MAX_HEADER_LENGTH = 17;

/** The two values a header carries (§4.3). */
export interface SFrameHeader {
  readonly keyId: bigint;
  readonly counter: bigint;
}

/** A header read from the front of an SFrame ciphertext. */
export interface DecodedHeader extends SFrameHeader {
  /** How many bytes the header took: the ciphertext starts there. */
  readonly length: number;
}

const EXTENDED = 0b1000;
const VALUE_BITS = 0b0111;

/** The 4-bit half of the config byte for one value, and the bytes that follow it, if any. */
function encodeField(value: bigint): { nibble: number; bytes: Uint8Array } {
  if (value < 8n) return { nibble: Number(value), bytes: new Uint8Array(0) };
  const length = minimalLength(value);
  return { nibble: EXTENDED | (length - 1), bytes: encodeBigEndian(value, length) };
}

/** `encode_sframe_header(CTR, KID)` of §4.4.3. Throws a RangeError for values outside 0 to 2^64 - 1. */
export function encodeHeader(keyId: bigint, counter: bigint): Uint8Array<ArrayBuffer> {
  assertUint64(keyId, 'key id');
  assertUint64(counter, 'counter');
  const kid = encodeField(keyId);
  const ctr = encodeField(counter);
  const out = new Uint8Array(1 + kid.bytes.length + ctr.bytes.length);
  out[0] = (kid.nibble << 4) | ctr.nibble;
  out.set(kid.bytes, 1);
  out.set(ctr.bytes, 1 + kid.bytes.length);
  return out;
}

/** Reads one value whose 4 config bits are `nibble`, from `bytes` at `offset`. */
function decodeField(nibble: number, bytes: Uint8Array, offset: number, what: string): { value: bigint; end: number } {
  if ((nibble & EXTENDED) === 0) return { value: BigInt(nibble & VALUE_BITS), end: offset };
  const length = (nibble & VALUE_BITS) + 1;
  const end = offset + length;
  if (end > bytes.length) throw new TruncatedFrameError(`SFrame header ends inside its ${what}`);
  const field = bytes.subarray(offset, end);
  const value = decodeBigEndian(field);
  // §4.3: "the value MUST be encoded with the minimum number of bytes required". Only one header
  // then stands for a given (KID, CTR), so what a sender wrote and what a receiver reads agree.
  if (value < 8n || minimalLength(value) !== length) {
    throw new MalformedHeaderError(`SFrame header ${what} is not in its shortest form`);
  }
  return { value, end };
}

/**
 * `parse_ciphertext` of §4.4.4, header part: reads the header at the start of `bytes` (which may
 * go on with the ciphertext). Throws {@link TruncatedFrameError} when `bytes` ends inside the
 * header, and {@link MalformedHeaderError} for a KID or CTR not in its shortest form.
 */
export function decodeHeader(bytes: Uint8Array): DecodedHeader {
  const config = bytes[0];
  if (config === undefined) throw new TruncatedFrameError('empty SFrame ciphertext');
  const kid = decodeField(config >> 4, bytes, 1, 'key id');
  const ctr = decodeField(config & 0x0f, bytes, kid.end, 'counter');
  return { keyId: kid.value, counter: ctr.value, length: ctr.end };
}
