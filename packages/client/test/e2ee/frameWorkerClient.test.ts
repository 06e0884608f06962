import { describe, expect, it } from 'vitest';
import { FrameWorkerClient, type FrameWorkerPort } from '../../src/e2ee/FrameWorkerClient.js';
import { serveFrameTransforms, type FrameWorkerScope } from '../../src/e2ee/frameTransforms.js';
import type { FromFrameWorker, ToFrameWorker } from '../../src/e2ee/frameWorkerProtocol.js';

/** A frame worker in this process behind a port, messages delivered on later turns as a Worker's are, through structured clone. */
function workerPort(): FrameWorkerPort {
  const listeners: Array<(event: MessageEvent<FromFrameWorker>) => void> = [];
  const scope: FrameWorkerScope = {
    onrtctransform: null,
    onmessage: null,
    postMessage: (reply) =>
      setTimeout(() => listeners.forEach((listener) => listener({ data: structuredClone(reply) } as MessageEvent<FromFrameWorker>))),
  };
  serveFrameTransforms(scope);
  return {
    postMessage: (request) => setTimeout(() => scope.onmessage!({ data: structuredClone(request) } as MessageEvent<ToFrameWorker>)),
    addEventListener: (_, listener) => void listeners.push(listener),
  };
}

describe('frame worker client', () => {
  it('asks for, rotates and hands over keys, and reads the counts', async () => {
    const ada = new FrameWorkerClient(workerPort());
    const bob = new FrameWorkerClient(workerPort());
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
    const ada = new FrameWorkerClient(workerPort());
    const bob = new FrameWorkerClient(workerPort());
    const key = await ada.sendingKey();
    await bob.addKey('ada', key);
    await expect(bob.addKey('mallory', key)).rejects.toThrow(/already in use/);
  });

  it('makes the options each transform is attached with', () => {
    expect(FrameWorkerClient.sendOptions('video', 1)).toEqual({ side: 'send', kind: 'video', slot: 1 });
    expect(FrameWorkerClient.receiveOptions('audio')).toEqual({ side: 'receive', kind: 'audio' });
  });
});
