import { describe, expect, it } from 'vitest';
import { deriveSubkeys } from '../src/aesCtrHmac.js';
import { getCipherSuite } from '../src/cipherSuites.js';
import { AuthenticationError, TruncatedFrameError } from '../src/errors.js';
import { importAead } from '../src/importAead.js';
import { flipBit, fromHex, toHex } from './hex.js';
import { aesCtrHmacVectors } from './vectors.js';

describe('AES-CTR + HMAC AEAD (§4.5.1) against RFC 9605 Appendix C.2', () => {
  it('has the three C.2 vectors', () => {
    expect(aesCtrHmacVectors.map((v) => v.cipherSuite)).toEqual([1, 2, 3]);
  });

  describe.each(aesCtrHmacVectors.map((v) => [getCipherSuite(v.cipherSuite).name, v] as const))('%s', (_name, v) => {
    const suite = getCipherSuite(v.cipherSuite);

    it('splits the key into enc_key and auth_key', () => {
      const { encKey, authKey } = deriveSubkeys(suite, fromHex(v.key));
      expect(toHex(encKey)).toBe(v.encKey);
      expect(toHex(authKey)).toBe(v.authKey);
    });

    it('AEAD.Encrypt(key, nonce, aad, pt) == ct', async () => {
      const aead = await importAead(suite, fromHex(v.key));
      expect(toHex(await aead.encrypt(fromHex(v.nonce), fromHex(v.aad), fromHex(v.pt)))).toBe(v.ct);
    });

    it('AEAD.Decrypt(key, nonce, aad, ct) == pt', async () => {
      const aead = await importAead(suite, fromHex(v.key));
      expect(toHex(await aead.decrypt(fromHex(v.nonce), fromHex(v.aad), fromHex(v.ct)))).toBe(v.pt);
    });

    it('refuses ct with any one bit flipped, or another aad or nonce', async () => {
      const aead = await importAead(suite, fromHex(v.key));
      const ct = fromHex(v.ct);
      for (let bit = 0; bit < ct.length * 8; bit++) {
        await expect(aead.decrypt(fromHex(v.nonce), fromHex(v.aad), flipBit(ct, bit))).rejects.toThrow(AuthenticationError);
      }
      await expect(aead.decrypt(fromHex(v.nonce), flipBit(fromHex(v.aad), 3), ct)).rejects.toThrow(AuthenticationError);
      await expect(aead.decrypt(flipBit(fromHex(v.nonce), 90), fromHex(v.aad), ct)).rejects.toThrow(AuthenticationError);
    });

    it('refuses a ciphertext shorter than the tag as truncated', async () => {
      const aead = await importAead(suite, fromHex(v.key));
      const ct = fromHex(v.ct);
      await expect(aead.decrypt(fromHex(v.nonce), fromHex(v.aad), ct.subarray(0, suite.nt - 1))).rejects.toThrow(TruncatedFrameError);
    });
  });

  it('refuses a key of the wrong length', async () => {
    await expect(importAead(getCipherSuite(1), new Uint8Array(16))).rejects.toThrow(RangeError);
  });
});
