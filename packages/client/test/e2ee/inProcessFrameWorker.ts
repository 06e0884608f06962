import { FrameWorkerClient } from '../../src/e2ee/FrameWorkerClient.js';
import { serveFrameTransforms, type EncodedFrame, type FrameWorkerScope } from '../../src/e2ee/frameTransforms.js';
import type { FrameTransformOptions, FromFrameWorker, ToFrameWorker } from '../../src/e2ee/frameWorkerProtocol.js';

/**
 * A frame worker in this process, as the page's Worker would be (messages delivered on a later
 * turn, structured-cloned), with a way to run frames through a transform attached to it.
 */
export function inProcessFrameWorker() {
  const listeners: Array<(event: MessageEvent<FromFrameWorker>) => void> = [];
  /** Every request the worker was sent, in order. */
  const requests: ToFrameWorker[] = [];
  /** Replies not yet delivered while `holdReplies` (a starved page hears nothing back for seconds). */
  let held: FromFrameWorker[] | null = null;
  const deliver = (reply: FromFrameWorker) =>
    setTimeout(() => listeners.forEach((listener) => listener({ data: structuredClone(reply) } as MessageEvent<FromFrameWorker>)));
  const scope: FrameWorkerScope = {
    onrtctransform: null,
    onmessage: null,
    postMessage: (reply) => (held ? held.push(reply) : deliver(reply)),
  };
  serveFrameTransforms(scope);
  const client = new FrameWorkerClient({
    postMessage: (request) => {
      requests.push(request);
      setTimeout(() => scope.onmessage!({ data: structuredClone(request) } as MessageEvent<ToFrameWorker>));
    },
    addEventListener: (_, listener) => void listeners.push(listener),
  });
  const holdReplies = () => {
    held ??= [];
  };
  const releaseReplies = () => {
    const replies = held ?? [];
    held = null;
    replies.forEach(deliver);
  };
  /** `frames` through a transform attached with `options`: what came out. */
  const pass = async (options: FrameTransformOptions, frames: EncodedFrame[]): Promise<EncodedFrame[]> => {
    const out: EncodedFrame[] = [];
    let closed = () => {};
    const done = new Promise<void>((resolve) => (closed = resolve));
    scope.onrtctransform!({
      transformer: {
        readable: new ReadableStream({
          start(controller) {
            for (const frame of frames) controller.enqueue({ ...frame, data: frame.data.slice(0) });
            controller.close();
          },
        }),
        writable: new WritableStream({ write: (frame) => void out.push(frame), close: () => closed() }),
        options,
      },
    });
    await done;
    return out;
  };
  return { client, pass, requests, holdReplies, releaseReplies };
}
