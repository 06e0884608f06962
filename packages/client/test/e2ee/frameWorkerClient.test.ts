import { describe, expect, it } from 'vitest';
import { FrameWorkerClient } from '../../src/e2ee/FrameWorkerClient.js';
import { StreamSlot } from '../../src/e2ee/streamSlots.js';
import { inProcessFrameWorker } from './inProcessFrameWorker.js';

describe('frame worker client', () => {
  it('asks for, rotates and hands over keys, and reads the counts', async () => {
    const ada = inProcessFrameWorker().client;
    const bob = inProcessFrameWorker().client;
    const [first, again] = await Promise.all([ada.sendingKey(), ada.sendingKey()]);
    expect(again).toEqual(first);
    const second = await ada.rotate();
    expect(second.keyId).not.toBe(first.keyId);
    await bob.addKey('ada', first);
    await bob.addKey('ada', second);
    await bob.forgetOlderKeys('ada', second.keyId);
    await bob.forgetParticipant('ada');
    expect(await bob.counts()).toEqual({ received: { decrypted: 0 }, unsent: 0 });
  });

  it('rejects with the worker’s reason', async () => {
    const ada = inProcessFrameWorker().client;
    const bob = inProcessFrameWorker().client;
    const key = await ada.sendingKey();
    await bob.addKey('ada', key);
    await expect(bob.addKey('mallory', key)).rejects.toThrow(/already in use/);
  });

  it('takes requests one at a time in the order posted: a key forgotten just after it was given stays forgotten', async () => {
    const ada = inProcessFrameWorker();
    const bob = inProcessFrameWorker();
    const key = await ada.client.sendingKey();
    const frame = { type: 'delta' as const, data: new Uint8Array(200).fill(7).buffer };
    const sealed = await ada.pass({ side: 'send', kind: 'video', slot: StreamSlot.camera }, [frame]);
    const receive = { side: 'receive', kind: 'video' } as const;
    // As the page's key exchange does: neither waits for the other's answer.
    await Promise.all([bob.client.addKey('ada', key), bob.client.forgetParticipant('ada')]);
    expect(await bob.pass(receive, sealed)).toHaveLength(0);
    await Promise.all([bob.client.forgetParticipant('ada'), bob.client.addKey('ada', key)]);
    expect(await bob.pass(receive, sealed)).toHaveLength(1);
  });

  it('makes the options each transform is attached with', () => {
    expect(FrameWorkerClient.sendOptions('video', 1)).toEqual({ side: 'send', kind: 'video', slot: 1 });
    expect(FrameWorkerClient.receiveOptions('audio')).toEqual({ side: 'receive', kind: 'audio' });
  });
});
