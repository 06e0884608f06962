import type { SendingKey } from './E2eeKeyring.js';
import type { FrameTransformOptions, FrameWorkerCounts, FromFrameWorker, ToFrameWorker } from './frameWorkerProtocol.js';

/** The part of a Worker the page uses (a Worker, or a stand-in in tests). */
export interface FrameWorkerPort {
  postMessage(message: ToFrameWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<FromFrameWorker>) => void): void;
}

/** Distributes a request without its id over the union, so each variant keeps its own fields. */
type Request = ToFrameWorker extends infer T ? (T extends ToFrameWorker ? Omit<T, 'id'> : never) : never;

/**
 * The page's side of the frame worker (frameTransforms.ts): typed requests, taken and answered
 * one at a time in the order posted (so a request need not wait for the answer to the one before
 * it), and the options each sender's and receiver's RTCRtpScriptTransform is made with. The keys
 * live in the worker; only our own sending key comes back, to be handed to the others.
 */
export class FrameWorkerClient {
  readonly #port: FrameWorkerPort;
  readonly #waiting = new Map<number, (reply: FromFrameWorker) => void>();
  #next = 0;

  constructor(port: FrameWorkerPort) {
    this.#port = port;
    port.addEventListener('message', ({ data }) => {
      const resolve = this.#waiting.get(data.id);
      this.#waiting.delete(data.id);
      resolve?.(data);
    });
  }

  /** The key frames are sent under now. */
  async sendingKey(): Promise<SendingKey> {
    return keyOf(await this.#ask({ type: 'sending-key' }));
  }

  /** A new sending key, used from the next frame on. */
  async rotate(): Promise<SendingKey> {
    return keyOf(await this.#ask({ type: 'rotate' }));
  }

  async addKey(participantId: string, key: SendingKey): Promise<void> {
    done(await this.#ask({ type: 'add-key', participantId, key }));
  }

  async forgetOlderKeys(participantId: string, keepKeyId: bigint): Promise<void> {
    done(await this.#ask({ type: 'forget-older-keys', participantId, keepKeyId }));
  }

  async forgetParticipant(participantId: string): Promise<void> {
    done(await this.#ask({ type: 'forget-participant', participantId }));
  }

  /** Every video sender encodes a key frame now (someone was just given our key). */
  async keyFrame(): Promise<void> {
    done(await this.#ask({ type: 'key-frame' }));
  }

  /** Encrypt what is sent (and accept only what decrypts), or not: the room's `e2ee` status. */
  async setEncryption(on: boolean): Promise<void> {
    done(await this.#ask({ type: 'set-encryption', on }));
  }

  async counts(): Promise<FrameWorkerCounts> {
    const reply = await this.#ask({ type: 'counts' });
    if (reply.type !== 'counts') throw unexpected(reply);
    return reply.counts;
  }

  /** What a sender of the stream in `slot` is given as its transform's options. */
  static sendOptions(kind: 'audio' | 'video', slot: number): FrameTransformOptions {
    return { side: 'send', kind, slot };
  }

  static receiveOptions(kind: 'audio' | 'video'): FrameTransformOptions {
    return { side: 'receive', kind };
  }

  #ask(request: Request): Promise<FromFrameWorker> {
    const id = ++this.#next;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      this.#port.postMessage({ ...request, id });
    });
  }
}

function keyOf(reply: FromFrameWorker): SendingKey {
  if (reply.type !== 'sending-key') throw unexpected(reply);
  return reply.key;
}

function done(reply: FromFrameWorker): void {
  if (reply.type !== 'done') throw unexpected(reply);
}

function unexpected(reply: FromFrameWorker): Error {
  return new Error(reply.type === 'failed' ? reply.reason : `unexpected answer ${reply.type} from the frame worker`);
}
