import { describe, expect, it } from 'vitest';
import { type CipherSuiteId } from '../src/cipherSuites.js';
import { CounterExhaustedError, UnsupportedCipherSuiteError } from '../src/errors.js';
import { decodeHeader } from '../src/header.js';
import { SFrameReceiver } from '../src/SFrameReceiver.js';
import { SFrameSender } from '../src/SFrameSender.js';
import { fromHex, toHex } from './hex.js';

const baseKey = fromHex('000102030405060708090a0b0c0d0e0f');
const frame = new TextEncoder().encode('a frame of media');

describe('SFrameSender', () => {
  it.each<CipherSuiteId>([1, 2, 3, 4, 5])('suite %i: frames carry its key id and counters 0, 1, 2…, and decrypt', async (cipherSuite) => {
    const sender = await SFrameSender.create({ cipherSuite, keyId: 0x123n, baseKey });
    const receiver = new SFrameReceiver({ cipherSuite });
    await receiver.addKey(0x123n, baseKey);
    for (let i = 0n; i < 3n; i++) {
      const metadata = Uint8Array.of(Number(i));
      const ciphertext = await sender.encrypt(frame, metadata);
      expect(decodeHeader(ciphertext)).toMatchObject({ keyId: 0x123n, counter: i });
      expect(ciphertext.length).toBe(decodeHeader(ciphertext).length + frame.length + sender.cipherSuite.nt);
      const decrypted = await receiver.decrypt(ciphertext, metadata);
      expect(toHex(decrypted.plaintext)).toBe(toHex(frame));
    }
    expect(sender.nextCounter).toBe(3n);
  });

  it('gives concurrent encryptions distinct counters', async () => {
    const sender = await SFrameSender.create({ cipherSuite: 4, keyId: 1n, baseKey });
    const frames = await Promise.all(Array.from({ length: 50 }, () => sender.encrypt(frame)));
    const counters = new Set(frames.map((f) => decodeHeader(f).counter));
    expect(counters.size).toBe(50);
  });

  it('never encrypts the same plaintext to the same ciphertext (the nonce changes with the counter)', async () => {
    const sender = await SFrameSender.create({ cipherSuite: 4, keyId: 1n, baseKey });
    const a = await sender.encrypt(frame);
    const b = await sender.encrypt(frame);
    expect(toHex(a.subarray(2))).not.toBe(toHex(b.subarray(2)));
  });

  it('refuses to encrypt once its counters are used up, and keeps refusing', async () => {
    const sender = await SFrameSender.create({ cipherSuite: 4, keyId: 1n, baseKey, maxCounter: 2n });
    for (let i = 0; i < 3; i++) await sender.encrypt(frame);
    await expect(sender.encrypt(frame)).rejects.toThrow(CounterExhaustedError);
    await expect(sender.encrypt(frame)).rejects.toThrow(CounterExhaustedError);
  });

  it('refuses a maxCounter beyond what a header can carry, a bad key id, a bad suite, an empty key', async () => {
    await expect(SFrameSender.create({ cipherSuite: 4, keyId: 1n, baseKey, maxCounter: 1n << 64n })).rejects.toThrow(RangeError);
    await expect(SFrameSender.create({ cipherSuite: 4, keyId: -1n, baseKey })).rejects.toThrow(RangeError);
    await expect(SFrameSender.create({ cipherSuite: 6 as CipherSuiteId, keyId: 1n, baseKey })).rejects.toThrow(UnsupportedCipherSuiteError);
    await expect(SFrameSender.create({ cipherSuite: 4, keyId: 1n, baseKey: new Uint8Array(0) })).rejects.toThrow(RangeError);
  });
});
