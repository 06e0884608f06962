import { describe, expect, it } from 'vitest';
import { serveFrameTransforms, type EncodedFrame, type FrameWorkerScope, type ScriptTransformer } from '../../src/e2ee/frameTransforms.js';
import type { FrameTransformOptions, FromFrameWorker, ToFrameWorker } from '../../src/e2ee/frameWorkerProtocol.js';
import { StreamSlot } from '../../src/e2ee/E2eeKeyring.js';
import type { SendingKey } from '../../src/e2ee/E2eeKeyring.js';

/** A request without its id, each variant keeping its own fields. */
type Request = ToFrameWorker extends infer T ? (T extends ToFrameWorker ? Omit<T, 'id'> : never) : never;

/** A frame worker in this process: its scope, and a way to ask it things as the page does. */
function frameWorker() {
  const scope: FrameWorkerScope = { onrtctransform: null, onmessage: null, postMessage: () => undefined };
  const waiting = new Map<number, (reply: FromFrameWorker) => void>();
  scope.postMessage = (reply) => waiting.get(reply.id)?.(reply);
  serveFrameTransforms(scope);
  let next = 0;
  const ask = (request: Request): Promise<FromFrameWorker> =>
    new Promise((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      scope.onmessage!({ data: { ...request, id } } as MessageEvent<ToFrameWorker>);
    });
  /** Runs `frames` through a transform attached with `options`; what came out. */
  const pass = async (options: FrameTransformOptions, frames: EncodedFrame[], keyFrameRequests?: { count: number }) => {
    const out: EncodedFrame[] = [];
    let closed = () => {};
    const done = new Promise<void>((resolve) => (closed = resolve));
    const transformer: ScriptTransformer = {
      readable: new ReadableStream({
        start(controller) {
          for (const frame of frames) controller.enqueue(frame);
          controller.close();
        },
      }),
      // The transform's pipe closes the writable once every frame went through.
      writable: new WritableStream({ write: (frame) => void out.push(frame), close: () => closed() }),
      options,
      ...(keyFrameRequests ? { sendKeyFrameRequest: async () => void (keyFrameRequests.count += 1) } : {}),
    };
    scope.onrtctransform!({ transformer });
    await done;
    return out;
  };
  return { ask, pass };
}

const video = (type: 'key' | 'delta', seed: number): EncodedFrame => ({
  type,
  data: new Uint8Array(type === 'key' ? 900 : 200).map((_, i) => (i * 13 + seed) & 0xff).buffer,
});
const bytes = (frame: EncodedFrame) => [...new Uint8Array(frame.data)];

async function sendingKey(worker: ReturnType<typeof frameWorker>, rotate = false): Promise<SendingKey> {
  const reply = await worker.ask({ type: rotate ? 'rotate' : 'sending-key' });
  if (reply.type !== 'sending-key') throw new Error(JSON.stringify(reply));
  return reply.key;
}

describe('frame transforms (worker side)', () => {
  it('encrypts what is sent and decrypts it on a worker given the sender’s key', async () => {
    const ada = frameWorker();
    const bob = frameWorker();
    await bob.ask({ type: 'add-key', participantId: 'ada', key: await sendingKey(ada) });
    const plain = [video('key', 1), video('delta', 2), video('delta', 3)];
    const originals = plain.map(bytes);
    const sent = await ada.pass({ side: 'send', kind: 'video', slot: StreamSlot.camera }, plain);
    expect(sent).toHaveLength(3);
    for (const [i, frame] of sent.entries()) expect(bytes(frame)).not.toEqual(originals[i]);
    const received = await bob.pass({ side: 'receive', kind: 'video' }, sent);
    expect(received.map(bytes)).toEqual(originals);
    expect(received.map((f) => f.type)).toEqual(['key', 'delta', 'delta']);
  });

  it('drops and counts, never shows, frames under a key it was not given or no longer has', async () => {
    const ada = frameWorker();
    const carl = frameWorker();
    await carl.ask({ type: 'add-key', participantId: 'ada', key: await sendingKey(ada) });
    // Carl leaves; Ada rotates and does not give him the new key.
    await sendingKey(ada, true);
    const sent = await ada.pass({ side: 'send', kind: 'video', slot: StreamSlot.camera }, [video('delta', 4), video('delta', 5)]);
    expect(await carl.pass({ side: 'receive', kind: 'video' }, sent)).toHaveLength(0);
    const counts = await carl.ask({ type: 'counts' });
    expect(counts).toMatchObject({ type: 'counts', counts: { received: { decrypted: 0, 'unknown-key-id': 2 }, unsent: 0 } });
  });

  it('answers a failed request with its reason: a key id someone else already holds', async () => {
    const ada = frameWorker();
    const bob = frameWorker();
    const key = await sendingKey(ada);
    await bob.ask({ type: 'add-key', participantId: 'ada', key });
    const reply = await bob.ask({ type: 'add-key', participantId: 'mallory', key });
    expect(reply).toMatchObject({ type: 'failed', reason: expect.stringMatching(/already in use/) });
  });

  it('carries audio through with its TOC byte in clear', async () => {
    const ada = frameWorker();
    const bob = frameWorker();
    await bob.ask({ type: 'add-key', participantId: 'ada', key: await sendingKey(ada) });
    const opus = { data: new Uint8Array([0x78, 1, 2, 3, 4, 5, 6, 7]).buffer };
    const sent = await ada.pass({ side: 'send', kind: 'audio', slot: StreamSlot.microphone }, [opus]);
    expect(new Uint8Array(sent[0]!.data)[0]).toBe(0x78);
    const received = await bob.pass({ side: 'receive', kind: 'audio' }, sent);
    expect(bytes(received[0]!)).toEqual([0x78, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('with the room’s encryption off, sends frames as they are and takes both plain frames and those still encrypted', async () => {
    const ada = frameWorker();
    const bob = frameWorker();
    await bob.ask({ type: 'add-key', participantId: 'ada', key: await sendingKey(ada) });
    const stillEncrypted = await ada.pass({ side: 'send', kind: 'video', slot: StreamSlot.camera }, [video('key', 6)]);
    expect(await ada.ask({ type: 'set-encryption', on: false })).toMatchObject({ type: 'done' });
    const plain = [video('delta', 7)];
    const original = bytes(plain[0]!);
    const sentPlain = await ada.pass({ side: 'send', kind: 'video', slot: StreamSlot.camera }, plain);
    expect(bytes(sentPlain[0]!)).toEqual(original);
    // While on, Bob takes only what decrypts.
    expect(await bob.pass({ side: 'receive', kind: 'video' }, [video('delta', 8)])).toHaveLength(0);
    await bob.ask({ type: 'set-encryption', on: false });
    const received = await bob.pass({ side: 'receive', kind: 'video' }, [...stillEncrypted, ...sentPlain]);
    expect(received.map(bytes)).toEqual([bytes(video('key', 6)), original]);
  });

  it('asks the sender for a key frame once frames decrypt again after some were dropped, until one comes', async () => {
    const ada = frameWorker();
    const bob = frameWorker();
    await bob.ask({ type: 'add-key', participantId: 'ada', key: await sendingKey(ada) });
    // Ada's key frame went out under a key Bob does not have yet (as before hers arrived), then deltas under the one he has.
    const before = frameWorker();
    const early = await before.pass({ side: 'send', kind: 'video', slot: StreamSlot.camera }, [video('key', 1)]);
    const later = await ada.pass({ side: 'send', kind: 'video', slot: StreamSlot.camera }, [video('delta', 3), video('delta', 4)]);
    const requests = { count: 0 };
    expect(await bob.pass({ side: 'receive', kind: 'video' }, [...early, ...later], requests)).toHaveLength(2);
    expect(requests.count).toBe(1); // one, not one per frame
    const keyFrame = await ada.pass({ side: 'send', kind: 'video', slot: StreamSlot.camera }, [video('key', 5), video('delta', 6)]);
    const settled = { count: 0 };
    expect(await bob.pass({ side: 'receive', kind: 'video' }, keyFrame, settled)).toHaveLength(2);
    expect(settled.count).toBe(0);
  });

  it('makes every live video sender encode a key frame when asked (someone was just given the key), and no audio sender', async () => {
    const scope: FrameWorkerScope = { onrtctransform: null, onmessage: null, postMessage: () => undefined };
    serveFrameTransforms(scope);
    const asked: string[] = [];
    const live = (name: string, options: FrameTransformOptions): ScriptTransformer => ({
      readable: new ReadableStream(), // never ends: the sender is live
      writable: new WritableStream(),
      options,
      generateKeyFrame: async () => void asked.push(name),
    });
    scope.onrtctransform!({ transformer: live('camera', { side: 'send', kind: 'video', slot: StreamSlot.camera }) });
    scope.onrtctransform!({ transformer: live('mic', { side: 'send', kind: 'audio', slot: StreamSlot.microphone }) });
    scope.onrtctransform!({ transformer: live('incoming', { side: 'receive', kind: 'video' }) });
    const answered = new Promise<FromFrameWorker>((resolve) => (scope.postMessage = resolve));
    scope.onmessage!({ data: { type: 'key-frame', id: 1 } } as MessageEvent<ToFrameWorker>);
    expect(await answered).toEqual({ type: 'done', id: 1 });
    expect(asked).toEqual(['camera']);
  });
});
