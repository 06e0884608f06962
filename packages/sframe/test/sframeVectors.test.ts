import { describe, expect, it } from 'vitest';
import { concat } from '../src/bytes.js';
import { getCipherSuite } from '../src/cipherSuites.js';
import { createKeyContext, encryptFrame } from '../src/frameCrypto.js';
import { encodeHeader } from '../src/header.js';
import { SFrameReceiver } from '../src/SFrameReceiver.js';
import { type CipherSuiteId } from '../src/cipherSuites.js';
import { fromHex, toHex } from './hex.js';
import { sframeVectors } from './vectors.js';

describe('SFrame encryption and decryption (§4.4.3, §4.4.4) against RFC 9605 Appendix C.3', () => {
  describe.each(sframeVectors.map((v) => [getCipherSuite(v.cipherSuite).name, v] as const))('%s', (_name, v) => {
    const suite = getCipherSuite(v.cipherSuite);

    it('uses header || metadata as the AAD', () => {
      expect(toHex(concat(encodeHeader(v.kid, v.ctr), fromHex(v.metadata)))).toBe(v.aad);
    });

    it('encrypt(ctr, kid, metadata, pt) == ct, byte for byte', async () => {
      const key = await createKeyContext(suite, v.kid, fromHex(v.baseKey));
      expect(toHex(await encryptFrame(key, v.ctr, fromHex(v.metadata), fromHex(v.pt)))).toBe(v.ct);
    });

    it('a receiver holding base_key under kid decrypts ct back to pt', async () => {
      const receiver = new SFrameReceiver({ cipherSuite: v.cipherSuite as CipherSuiteId });
      await receiver.addKey(v.kid, fromHex(v.baseKey));
      const frame = await receiver.decrypt(fromHex(v.ct), fromHex(v.metadata));
      expect(toHex(frame.plaintext)).toBe(v.pt);
      expect(frame.keyId).toBe(v.kid);
      expect(frame.counter).toBe(v.ctr);
    });
  });
});
