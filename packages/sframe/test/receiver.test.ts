import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CipherSuiteId } from '../src/cipherSuites.js';
import {
  AuthenticationError,
  ReplayError,
  SFrameError,
  TruncatedFrameError,
  UnknownKeyIdError,
  UnsupportedCipherSuiteError,
} from '../src/errors.js';
import { decodeHeader } from '../src/header.js';
import { SFrameReceiver } from '../src/SFrameReceiver.js';
import { SFrameSender } from '../src/SFrameSender.js';
import { flipBit, fromHex, toHex } from './hex.js';

const keyA = fromHex('000102030405060708090a0b0c0d0e0f');
const keyB = fromHex('f0e0d0c0b0a090807060504030201000');
const frame = new TextEncoder().encode('draft-ietf-sframe-enc');
const SUITES: CipherSuiteId[] = [1, 2, 3, 4, 5];

async function pair(cipherSuite: CipherSuiteId = 4, keyId = 7n, options: { replayWindow?: number } = {}) {
  const sender = await SFrameSender.create({ cipherSuite, keyId, baseKey: keyA });
  const receiver = new SFrameReceiver({ cipherSuite, ...options });
  await receiver.addKey(keyId, keyA);
  return { sender, receiver };
}

async function encryptMany(sender: SFrameSender, count: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) out.push(await sender.encrypt(frame));
  return out;
}

/** The error a rejected promise carries, for checks beyond its class. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('SFrameReceiver: keys and rotation', () => {
  it('fails a frame whose key id it has no key for with UnknownKeyIdError, carrying the key id', async () => {
    const { sender } = await pair(4, 9n);
    const receiver = new SFrameReceiver({ cipherSuite: 4 });
    const error = await failure(receiver.decrypt(await sender.encrypt(frame)));
    expect(error).toBeInstanceOf(UnknownKeyIdError);
    expect((error as UnknownKeyIdError).keyId).toBe(9n);
    expect((error as SFrameError).code).toBe('unknown-key-id');
  });

  it('after removeKey, frames under the old key id fail as unknown; a new key id works', async () => {
    const { sender: oldSender, receiver } = await pair(4, 1n);
    const [before, after] = await encryptMany(oldSender, 2);
    expect((await receiver.decrypt(before!)).keyId).toBe(1n);

    const newSender = await SFrameSender.create({ cipherSuite: 4, keyId: 2n, baseKey: keyB });
    await receiver.addKey(2n, keyB);
    expect(receiver.keyIds.sort()).toEqual([1n, 2n]);
    expect(receiver.removeKey(1n)).toBe(true);
    expect(receiver.removeKey(1n)).toBe(false);

    await expect(receiver.decrypt(after!)).rejects.toThrow(UnknownKeyIdError);
    const decrypted = await receiver.decrypt(await newSender.encrypt(frame));
    expect(decrypted).toMatchObject({ keyId: 2n, counter: 0n });
    expect(toHex(decrypted.plaintext)).toBe(toHex(frame));
  });

  it('keeps keys apart: a frame under one key id does not decrypt with another id’s key', async () => {
    // Same base key, different KID: §4.4.2 binds the KID into the key, so a rewritten KID fails.
    const receiver = new SFrameReceiver({ cipherSuite: 4 });
    await receiver.addKey(1n, keyA);
    await receiver.addKey(2n, keyA);
    const sender = await SFrameSender.create({ cipherSuite: 4, keyId: 1n, baseKey: keyA });
    const ciphertext = await sender.encrypt(frame);
    expect(ciphertext[0]).toBe(0x10); // KID 1, CTR 0
    const rewritten = Uint8Array.from(ciphertext);
    rewritten[0] = 0x20; // KID 2, CTR 0
    await expect(receiver.decrypt(rewritten)).rejects.toThrow(AuthenticationError);
  });

  it('will not replace the key of a key id in place', async () => {
    const { receiver } = await pair(4, 1n);
    await expect(receiver.addKey(1n, keyB)).rejects.toThrow(RangeError);
    const adding = receiver.addKey(3n, keyB);
    await expect(receiver.addKey(3n, keyA)).rejects.toThrow(RangeError);
    await adding;
    expect(receiver.hasKey(3n)).toBe(true);
  });

  it('a removeKey while the key is still being added cancels the addition', async () => {
    const receiver = new SFrameReceiver({ cipherSuite: 4 });
    const adding = receiver.addKey(5n, keyA);
    expect(receiver.removeKey(5n)).toBe(true);
    await adding;
    expect(receiver.hasKey(5n)).toBe(false);
  });

  it('refuses an unsupported suite and a bad window size at construction', () => {
    expect(() => new SFrameReceiver({ cipherSuite: 0 as CipherSuiteId })).toThrow(UnsupportedCipherSuiteError);
    expect(() => new SFrameReceiver({ cipherSuite: 4, replayWindow: 0 })).toThrow(RangeError);
  });
});

describe('SFrameReceiver: replay', () => {
  it('rejects the same ciphertext given twice', async () => {
    const { sender, receiver } = await pair();
    const ciphertext = await sender.encrypt(frame);
    await receiver.decrypt(ciphertext);
    const error = await failure(receiver.decrypt(ciphertext));
    expect(error).toBeInstanceOf(ReplayError);
    expect(error).toMatchObject({ code: 'replay', reason: 'duplicate', keyId: 7n, counter: 0n });
  });

  it('accepts only one of two copies decrypted at the same time', async () => {
    const { sender, receiver } = await pair();
    const ciphertext = await sender.encrypt(frame);
    const results = await Promise.allSettled([receiver.decrypt(ciphertext), receiver.decrypt(ciphertext)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(ReplayError);
  });

  it('accepts frames delivered out of order inside the window', async () => {
    const { sender, receiver } = await pair();
    const frames = await encryptMany(sender, 10);
    for (const i of [9, 3, 5, 0, 8, 1, 2, 7, 4, 6]) {
      expect((await receiver.decrypt(frames[i]!)).counter).toBe(BigInt(i));
    }
    for (const i of [0, 9, 4]) await expect(receiver.decrypt(frames[i]!)).rejects.toThrow(ReplayError);
  });

  it('rejects a frame older than the window (128 counters by default) and accepts one just inside it', async () => {
    const { sender, receiver } = await pair();
    const frames = await encryptMany(sender, 201);
    await receiver.decrypt(frames[200]!);
    expect((await receiver.decrypt(frames[73]!)).counter).toBe(73n); // 200 - 127: the oldest kept
    const error = await failure(receiver.decrypt(frames[72]!)); // 200 - 128
    expect(error).toMatchObject({ code: 'replay', reason: 'too-old', counter: 72n });
    await expect(receiver.decrypt(frames[0]!)).rejects.toThrow(ReplayError);
  });

  it('takes its window size from the options', async () => {
    const { sender, receiver } = await pair(4, 7n, { replayWindow: 4 });
    const frames = await encryptMany(sender, 6);
    await receiver.decrypt(frames[5]!);
    await receiver.decrypt(frames[2]!);
    await expect(receiver.decrypt(frames[1]!)).rejects.toThrow(ReplayError);
  });

  it('keeps a window per key id', async () => {
    const receiver = new SFrameReceiver({ cipherSuite: 4 });
    await receiver.addKey(1n, keyA);
    await receiver.addKey(2n, keyB);
    const one = await SFrameSender.create({ cipherSuite: 4, keyId: 1n, baseKey: keyA });
    const two = await SFrameSender.create({ cipherSuite: 4, keyId: 2n, baseKey: keyB });
    const ones = await encryptMany(one, 200);
    await receiver.decrypt(ones[199]!);
    expect((await receiver.decrypt(await two.encrypt(frame))).counter).toBe(0n);
  });

  it('does not let a forged frame move the window', async () => {
    const { sender, receiver } = await pair();
    const [first] = await encryptMany(sender, 1);
    // A frame claiming CTR 1000 under KID 7, with a garbage body: it fails authentication…
    const forged = new Uint8Array([0x79, 0x03, 0xe8, ...new Uint8Array(40)]);
    expect(decodeHeader(forged)).toMatchObject({ keyId: 7n, counter: 1000n });
    await expect(receiver.decrypt(forged)).rejects.toThrow(AuthenticationError);
    // …and CTR 0, which would be too old had the window moved to 1000, is still accepted.
    expect((await receiver.decrypt(first!)).counter).toBe(0n);
  });
});

describe.each(SUITES)('SFrameReceiver: tampering and truncation, suite %i', (cipherSuite) => {
  it('refuses a frame with any one bit of its ciphertext or tag flipped (AuthenticationError)', async () => {
    const { sender, receiver } = await pair(cipherSuite);
    const ciphertext = await sender.encrypt(frame);
    const headerLength = decodeHeader(ciphertext).length;
    for (let bit = headerLength * 8; bit < ciphertext.length * 8; bit++) {
      await expect(receiver.decrypt(flipBit(ciphertext, bit)), `bit ${bit}`).rejects.toThrow(AuthenticationError);
    }
    // The tag is the last Nt bytes: it was covered above, and the untouched frame still decrypts.
    expect(toHex((await receiver.decrypt(ciphertext)).plaintext)).toBe(toHex(frame));
  });

  it('refuses a frame whose header CTR bits are flipped (AuthenticationError: the header is in the AAD)', async () => {
    const sender = await SFrameSender.create({ cipherSuite, keyId: 0x123n, baseKey: keyA, maxCounter: 1n << 40n });
    // Spend counters to reach CTR 0x0300, a 2-byte CTR field (header 99 0123 0300) whose high
    // byte stays non-zero under any one flip, so every flipped header is still well formed.
    for (let i = 0; i < 0x300; i++) await sender.encrypt(frame);
    const ciphertext = await sender.encrypt(frame);
    expect(toHex(ciphertext.subarray(0, 5))).toBe('9901230300');
    for (let bit = 24; bit < 40; bit++) {
      const receiver = new SFrameReceiver({ cipherSuite });
      await receiver.addKey(0x123n, keyA);
      await expect(receiver.decrypt(flipBit(ciphertext, bit)), `bit ${bit}`).rejects.toThrow(AuthenticationError);
    }
  });

  it('refuses a frame with any one bit of its header flipped, always with a typed error', async () => {
    const { sender, receiver } = await pair(cipherSuite, 0x123n);
    const ciphertext = await sender.encrypt(frame);
    const headerLength = decodeHeader(ciphertext).length;
    for (let bit = 0; bit < headerLength * 8; bit++) {
      const error = await failure(receiver.decrypt(flipBit(ciphertext, bit)));
      expect(error, `bit ${bit}`).toBeInstanceOf(SFrameError);
    }
  });

  it('refuses the wrong metadata (AuthenticationError)', async () => {
    const { sender, receiver } = await pair(cipherSuite);
    const ciphertext = await sender.encrypt(frame, Uint8Array.of(1, 2, 3));
    await expect(receiver.decrypt(ciphertext, Uint8Array.of(1, 2, 4))).rejects.toThrow(AuthenticationError);
    await expect(receiver.decrypt(ciphertext)).rejects.toThrow(AuthenticationError);
    expect(toHex((await receiver.decrypt(ciphertext, Uint8Array.of(1, 2, 3))).plaintext)).toBe(toHex(frame));
  });

  it('refuses every truncation of a frame with a typed error: TruncatedFrameError up to header + tag', async () => {
    const { sender, receiver } = await pair(cipherSuite, 0x123n);
    const ciphertext = await sender.encrypt(frame);
    const minimum = decodeHeader(ciphertext).length + receiver.cipherSuite.nt;
    for (let length = 0; length < ciphertext.length; length++) {
      const error = await failure(receiver.decrypt(ciphertext.subarray(0, length)));
      expect(error, `cut to ${length}`).toBeInstanceOf(length < minimum ? TruncatedFrameError : AuthenticationError);
    }
  });
});

describe('SFrameReceiver: arbitrary input', () => {
  it('answers any bytes with a typed SFrameError, never another exception', async () => {
    const { receiver } = await pair(1, 1n);
    await receiver.addKey(0n, keyB);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), async (bytes) => {
        const error = await failure(receiver.decrypt(bytes));
        expect(error).toBeInstanceOf(SFrameError);
      }),
      { numRuns: 300 },
    );
  });
});
