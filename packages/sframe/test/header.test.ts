import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_UINT64 } from '../src/bytes.js';
import { MalformedHeaderError, SFrameError, TruncatedFrameError } from '../src/errors.js';
import { decodeHeader, encodeHeader, MAX_HEADER_LENGTH } from '../src/header.js';
import { fromHex, toHex } from './hex.js';
import { headerVectors } from './vectors.js';

describe('SFrame header (§4.3) against RFC 9605 Appendix C.1', () => {
  it('has all 289 vectors of C.1', () => {
    expect(headerVectors).toHaveLength(289);
  });

  it('encodes every (KID, CTR) of C.1 to its header', () => {
    for (const { kid, ctr, header } of headerVectors) {
      expect(toHex(encodeHeader(kid, ctr)), `kid 0x${kid.toString(16)} ctr 0x${ctr.toString(16)}`).toBe(header);
    }
  });

  it('decodes every header of C.1 to its (KID, CTR), using all its bytes', () => {
    for (const { kid, ctr, header } of headerVectors) {
      const decoded = decodeHeader(fromHex(header));
      expect(decoded, header).toEqual({ keyId: kid, counter: ctr, length: header.length / 2 });
    }
  });

  it('reads only the header from the front of a longer SFrame ciphertext', () => {
    for (const { kid, ctr, header } of headerVectors) {
      const decoded = decodeHeader(fromHex(header + 'deadbeef'));
      expect(decoded).toEqual({ keyId: kid, counter: ctr, length: header.length / 2 });
    }
  });
});

describe('SFrame header rejections', () => {
  it('refuses every truncation of every C.1 header with TruncatedFrameError', () => {
    for (const { header } of headerVectors) {
      const bytes = fromHex(header);
      for (let length = 0; length < bytes.length; length++) {
        expect(() => decodeHeader(bytes.subarray(0, length)), `${header} cut to ${length}`).toThrow(TruncatedFrameError);
      }
    }
  });

  it.each([
    ['a CTR below 8 written after the config byte', '0805'],
    ['a KID below 8 written after the config byte', '8003'],
    ['a CTR with a leading zero byte', '090010'],
    ['a KID with a leading zero byte', '9000ff'],
    ['an 8-byte KID that fits in 7 bytes', 'f000ffffffffffffff'],
    ['an 8-byte CTR holding 7', '0f0000000000000007'],
  ])('refuses %s (not the shortest form) with MalformedHeaderError', (_what, header) => {
    expect(() => decodeHeader(fromHex(header))).toThrow(MalformedHeaderError);
  });

  it.each([
    ['a KID of 2^64', 1n << 64n, 0n],
    ['a CTR of 2^64', 0n, 1n << 64n],
    ['a negative KID', -1n, 0n],
    ['a negative CTR', 0n, -1n],
  ])('will not encode %s', (_what, kid, ctr) => {
    expect(() => encodeHeader(kid, ctr)).toThrow(RangeError);
  });

  it('is never longer than 17 bytes', () => {
    expect(encodeHeader(MAX_UINT64, MAX_UINT64)).toHaveLength(MAX_HEADER_LENGTH);
  });
});

describe('SFrame header properties (beyond the vectors)', () => {
  const uint64 = fc.bigInt({ min: 0n, max: MAX_UINT64 });

  it('decodes what it encodes, in the shortest form', () => {
    fc.assert(
      fc.property(uint64, uint64, (kid, ctr) => {
        const header = encodeHeader(kid, ctr);
        expect(decodeHeader(header)).toEqual({ keyId: kid, counter: ctr, length: header.length });
        const extra = (v: bigint) => (v < 8n ? 0 : Math.ceil(v.toString(16).length / 2));
        expect(header.length).toBe(1 + extra(kid) + extra(ctr));
      }),
    );
  });

  it('reads any bytes either as a canonical header or with a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20 }), (bytes) => {
        let decoded;
        try {
          decoded = decodeHeader(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(SFrameError);
          expect(['truncated', 'malformed-header']).toContain((error as SFrameError).code);
          return;
        }
        expect(toHex(encodeHeader(decoded.keyId, decoded.counter))).toBe(toHex(bytes.subarray(0, decoded.length)));
      }),
    );
  });
});
