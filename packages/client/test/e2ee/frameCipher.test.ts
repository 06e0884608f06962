import { describe, expect, it } from 'vitest';
import { E2eeKeyring, StreamSlot } from '../../src/e2ee/E2eeKeyring.js';
import type { EncodedFrameKind } from '../../src/e2ee/clearPrefix.js';

/** A VP8-like frame: a recognisable 10-byte head, then a body. */
function frame(length: number, seed = 1): ArrayBuffer {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes.buffer;
}
const bytes = (buffer: ArrayBuffer | null) => [...new Uint8Array(buffer ?? new ArrayBuffer(0))];

/** Ada sends, Bob receives with Ada's key. */
async function pair() {
  const ada = await E2eeKeyring.create();
  const bob = await E2eeKeyring.create();
  await bob.addKey('ada', ada.sendingKey);
  return { ada, bob };
}

describe('frame cipher', () => {
  it.each([
    ['key', 10, 1200],
    ['delta', 3, 300],
    ['audio', 1, 80],
  ] as const)('a %s frame keeps its first %i bytes in clear, hides the rest, and decrypts to itself', async (kind, clear, length) => {
    const { ada, bob } = await pair();
    const plain = frame(length);
    const sealed = await (await ada.encryptor(StreamSlot.camera)).encrypt(plain, kind);
    expect(sealed.byteLength).toBeGreaterThan(length);
    expect(bytes(sealed).slice(0, clear)).toEqual(bytes(plain).slice(0, clear));
    // Nothing of the body appears as it was (the body is 16+ bytes: a run of 16 would show).
    const body = Buffer.from(plain).subarray(clear, clear + 16);
    expect(Buffer.from(sealed).indexOf(body)).toBe(-1);
    expect(bytes(await bob.decryptor.decrypt(sealed, kind))).toEqual(bytes(plain));
    expect(bob.decryptor.counts.decrypted).toBe(1);
  });

  it('round-trips an Opus frame of its TOC byte only (DTX) and an empty frame', async () => {
    const { ada, bob } = await pair();
    const toc = new Uint8Array([0xf8]).buffer;
    expect(bytes(await bob.decryptor.decrypt(await (await ada.encryptor(StreamSlot.camera)).encrypt(toc, 'audio'), 'audio'))).toEqual([
      0xf8,
    ]);
    const empty = new ArrayBuffer(0);
    expect((await (await ada.encryptor(StreamSlot.camera)).encrypt(empty, 'empty')).byteLength).toBe(0);
  });

  it('drops and counts a frame whose clear prefix was altered (it is authenticated)', async () => {
    const { ada, bob } = await pair();
    const sealed = new Uint8Array(await (await ada.encryptor(StreamSlot.camera)).encrypt(frame(500), 'key'));
    sealed[0]! ^= 0x01; // key frame → delta, as a middle might try
    expect(await bob.decryptor.decrypt(sealed.buffer, 'key')).toBeNull();
    expect(bob.decryptor.counts['authentication-failed']).toBe(1);
  });

  it('drops and counts replayed and truncated frames', async () => {
    const { ada, bob } = await pair();
    const sealed = await (await ada.encryptor(StreamSlot.camera)).encrypt(frame(400), 'delta');
    expect(await bob.decryptor.decrypt(sealed, 'delta')).not.toBeNull();
    expect(await bob.decryptor.decrypt(sealed.slice(0), 'delta')).toBeNull();
    expect(bob.decryptor.counts.replay).toBe(1);
    const next = await (await ada.encryptor(StreamSlot.camera)).encrypt(frame(400, 2), 'delta');
    expect(await bob.decryptor.decrypt(next.slice(0, 12), 'delta')).toBeNull();
    expect(bob.decryptor.counts.truncated ?? bob.decryptor.counts['authentication-failed']).toBe(1);
  });

  it('drops and counts, never passes on, a frame under a key id it was not given', async () => {
    const ada = await E2eeKeyring.create();
    const eve = await E2eeKeyring.create();
    const sealed = await (await ada.encryptor(StreamSlot.camera)).encrypt(frame(300), 'delta' satisfies EncodedFrameKind);
    expect(await eve.decryptor.decrypt(sealed, 'delta')).toBeNull();
    expect(eve.decryptor.counts).toEqual({ decrypted: 0, 'unknown-key-id': 1 });
  });
});
