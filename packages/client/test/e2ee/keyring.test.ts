import { describe, expect, it } from 'vitest';
import { E2eeKeyring, StreamSlot, streamKeyId } from '../../src/e2ee/E2eeKeyring.js';

const frame = (seed: number) => new Uint8Array(200).map((_, i) => (i * 7 + seed) & 0xff).buffer;

describe('E2EE keyring', () => {
  it('rotates to a new key id and base key; frames follow the new key at once', async () => {
    const ada = await E2eeKeyring.create();
    const first = ada.sendingKey;
    const second = await ada.rotate();
    expect(second.keyId).not.toBe(first.keyId);
    expect(Buffer.from(second.baseKey).equals(Buffer.from(first.baseKey))).toBe(false);
    expect((await ada.encryptor(StreamSlot.camera)).keyId).toBe(streamKeyId(second.keyId, StreamSlot.camera));
  });

  it('moves an encryptor already in use to the new key on rotation', async () => {
    const ada = await E2eeKeyring.create();
    const camera = await ada.encryptor(StreamSlot.camera);
    const next = await ada.rotate();
    expect(camera.keyId).toBe(streamKeyId(next.keyId, StreamSlot.camera));
    await expect(ada.encryptor(8)).rejects.toThrow(RangeError);
  });

  it('gives each stream its own key id, so audio arriving well ahead of video is no replay', async () => {
    const ada = await E2eeKeyring.create();
    const bob = await E2eeKeyring.create();
    await bob.addKey('ada', ada.sendingKey);
    const microphone = await ada.encryptor(StreamSlot.microphone);
    const camera = await ada.encryptor(StreamSlot.camera);
    expect(microphone.keyId).not.toBe(camera.keyId);
    // Sent interleaved; the video waits in its jitter buffer while 200 audio frames go through.
    const audio: ArrayBuffer[] = [];
    const video: ArrayBuffer[] = [];
    for (let i = 0; i < 200; i += 1) {
      audio.push(await microphone.encrypt(frame(i), 'audio'));
      if (i % 20 === 0) video.push(await camera.encrypt(frame(i), 'delta'));
    }
    for (const sealed of audio) expect(await bob.decryptor.decrypt(sealed, 'audio')).not.toBeNull();
    for (const sealed of video) expect(await bob.decryptor.decrypt(sealed, 'delta')).not.toBeNull();
    expect(bob.decryptor.counts).toEqual({ decrypted: 210 });
  });

  it('someone who left cannot read what is sent after the rotation that follows', async () => {
    const ada = await E2eeKeyring.create();
    const bob = await E2eeKeyring.create();
    const carl = await E2eeKeyring.create();
    for (const other of [bob, carl]) await other.addKey('ada', ada.sendingKey);
    expect(await carl.decryptor.decrypt(await (await ada.encryptor(StreamSlot.camera)).encrypt(frame(1), 'delta'), 'delta')).not.toBeNull();
    // Carl leaves: Ada makes a new key and gives it to Bob only.
    const next = await ada.rotate();
    await bob.addKey('ada', next);
    const after = await (await ada.encryptor(StreamSlot.camera)).encrypt(frame(2), 'delta');
    expect(await bob.decryptor.decrypt(after.slice(0), 'delta')).not.toBeNull();
    expect(await carl.decryptor.decrypt(after.slice(0), 'delta')).toBeNull();
    expect(carl.decryptor.counts['unknown-key-id']).toBe(1);
  });

  it('someone who joins cannot read what was sent before they came', async () => {
    const ada = await E2eeKeyring.create();
    const before = await (await ada.encryptor(StreamSlot.camera)).encrypt(frame(3), 'delta');
    // Dana joins: Ada rotates and gives her the new key only.
    const dana = await E2eeKeyring.create();
    await dana.addKey('ada', await ada.rotate());
    expect(await dana.decryptor.decrypt(before, 'delta')).toBeNull();
    expect(await dana.decryptor.decrypt(await (await ada.encryptor(StreamSlot.camera)).encrypt(frame(4), 'delta'), 'delta')).not.toBeNull();
  });

  it('keeps a sender’s older key for frames in flight until told to forget it, and forgets all of someone who left', async () => {
    const ada = await E2eeKeyring.create();
    const bob = await E2eeKeyring.create();
    await bob.addKey('ada', ada.sendingKey);
    const early = await (await ada.encryptor(StreamSlot.camera)).encrypt(frame(5), 'delta');
    const late = await (await ada.encryptor(StreamSlot.camera)).encrypt(frame(6), 'delta');
    const next = await ada.rotate();
    await bob.addKey('ada', next);
    expect(await bob.decryptor.decrypt(early, 'delta')).not.toBeNull();
    bob.forgetOlderKeys('ada', next.keyId);
    expect(await bob.decryptor.decrypt(late, 'delta')).toBeNull();
    expect(await bob.decryptor.decrypt(await (await ada.encryptor(StreamSlot.camera)).encrypt(frame(7), 'delta'), 'delta')).not.toBeNull();
    bob.forgetParticipant('ada');
    expect(bob.ownerOf(next.keyId)).toBeUndefined();
    expect(await bob.decryptor.decrypt(await (await ada.encryptor(StreamSlot.camera)).encrypt(frame(8), 'delta'), 'delta')).toBeNull();
    expect(bob.decryptor.counts['unknown-key-id']).toBe(2);
  });

  it('keeps a key given after the one whose grace ended: two rotations close together lose nothing', async () => {
    const ada = await E2eeKeyring.create();
    const bob = await E2eeKeyring.create();
    await bob.addKey('ada', ada.sendingKey);
    const first = await ada.rotate();
    await bob.addKey('ada', first);
    const second = await ada.rotate(); // someone else joined a moment later
    await bob.addKey('ada', second);
    bob.forgetOlderKeys('ada', first.keyId); // the first rotation's grace ends
    expect(bob.ownerOf(first.keyId)).toBe('ada');
    expect(bob.ownerOf(second.keyId)).toBe('ada');
    expect(await bob.decryptor.decrypt(await (await ada.encryptor(StreamSlot.camera)).encrypt(frame(9), 'delta'), 'delta')).not.toBeNull();
    bob.forgetOlderKeys('ada', second.keyId);
    expect(bob.ownerOf(first.keyId)).toBeUndefined();
  });

  it('puts a stream whose encryptor was being made during a rotation under the new key, not the one before', async () => {
    const ada = await E2eeKeyring.create();
    const [camera, next] = await Promise.all([ada.encryptor(StreamSlot.camera), ada.rotate()]);
    expect(camera.keyId).toBe(streamKeyId(next.keyId, StreamSlot.camera));
    const [screen, , last] = await Promise.all([ada.encryptor(StreamSlot.screen), ada.rotate(), ada.rotate()]);
    expect(screen.keyId).toBe(streamKeyId(last.keyId, StreamSlot.screen));
    expect(camera.keyId).toBe(streamKeyId(last.keyId, StreamSlot.camera));
  });

  it('refuses a key id already held by another participant, and takes the same key twice from its owner', async () => {
    const ada = await E2eeKeyring.create();
    const bob = await E2eeKeyring.create();
    await bob.addKey('ada', ada.sendingKey);
    await bob.addKey('ada', ada.sendingKey);
    await expect(bob.addKey('mallory', ada.sendingKey)).rejects.toThrow(/already in use/);
    await expect(bob.addKey('mallory', bob.sendingKey)).rejects.toThrow(/already in use/);
    expect(bob.ownerOf(ada.sendingKey.keyId)).toBe('ada');
  });
});
