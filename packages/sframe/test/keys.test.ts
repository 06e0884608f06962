import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCipherSuite } from '../src/cipherSuites.js';
import { hkdfExpand, hkdfExtract, type HashName } from '../src/hkdf.js';
import { deriveKeySalt, formNonce, sframeKeyLabel, sframeSaltLabel } from '../src/keys.js';
import { fromHex, toHex } from './hex.js';
import { sframeVectors } from './vectors.js';

describe('key derivation (§4.4.2) and nonce (§4.4.3) against RFC 9605 Appendix C.3', () => {
  it('has one C.3 vector for each of the five suites', () => {
    expect(sframeVectors.map((v) => v.cipherSuite)).toEqual([1, 2, 3, 4, 5]);
  });

  describe.each(sframeVectors.map((v) => [getCipherSuite(v.cipherSuite).name, v] as const))('%s', (_name, v) => {
    const suite = getCipherSuite(v.cipherSuite);

    it('builds the key and salt labels byte for byte', () => {
      expect(toHex(sframeKeyLabel(v.kid, suite))).toBe(v.sframeKeyLabel);
      expect(toHex(sframeSaltLabel(v.kid, suite))).toBe(v.sframeSaltLabel);
    });

    it('derives sframe_secret, sframe_key and sframe_salt', async () => {
      const derived = await deriveKeySalt(suite, v.kid, fromHex(v.baseKey));
      expect(toHex(derived.sframeSecret)).toBe(v.sframeSecret);
      expect(toHex(derived.sframeKey)).toBe(v.sframeKey);
      expect(toHex(derived.sframeSalt)).toBe(v.sframeSalt);
      expect(derived.sframeKey).toHaveLength(suite.nk);
      expect(derived.sframeSalt).toHaveLength(suite.nn);
    });

    it('forms the nonce from the salt and the CTR', () => {
      expect(toHex(formNonce(fromHex(v.sframeSalt), v.ctr))).toBe(v.nonce);
    });
  });

  it('refuses an empty base key', async () => {
    await expect(deriveKeySalt(getCipherSuite(4), 1n, new Uint8Array(0))).rejects.toThrow(RangeError);
  });
});

describe('HKDF by hand agrees with WebCrypto HKDF (a second implementation; RFC 9605 has no HKDF-only vectors)', () => {
  it.each<HashName>(['SHA-256', 'SHA-512'])('%s: Expand(Extract("", ikm), info, L) = HKDF(ikm, salt "", info, L)', async (hash) => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 80 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.integer({ min: 1, max: 200 }),
        async (ikm, info, length) => {
          const prk = await hkdfExtract(hash, new Uint8Array(0), ikm);
          const ours = await hkdfExpand(hash, prk, info, length);
          const key = await crypto.subtle.importKey('raw', new Uint8Array(ikm), 'HKDF', false, ['deriveBits']);
          const theirs = await crypto.subtle.deriveBits(
            { name: 'HKDF', hash, salt: new Uint8Array(0), info: new Uint8Array(info) },
            key,
            length * 8,
          );
          expect(toHex(ours)).toBe(toHex(new Uint8Array(theirs)));
        },
      ),
      { numRuns: 40 },
    );
  });
});
