import { E2eeKeyring } from './E2eeKeyring.js';
import type { EncodedFrameKind } from './clearPrefix.js';
import type { FrameTransformOptions, FrameWorkerCounts, FromFrameWorker, ToFrameWorker } from './frameWorkerProtocol.js';

/** An encoded audio or video frame as a transform sees it (webrtc-encoded-transform §6, §7). */
export interface EncodedFrame {
  data: ArrayBuffer;
  /** Video only: 'key', 'delta' or 'empty'. */
  readonly type?: 'key' | 'delta' | 'empty';
}

/** The part of RTCRtpScriptTransformer a transform uses (webrtc-encoded-transform §4.4). */
export interface ScriptTransformer {
  readonly readable: ReadableStream<EncodedFrame>;
  readonly writable: WritableStream<EncodedFrame>;
  readonly options: unknown;
  /** Receivers: asks the sender for a key frame (§4.4, RTCP PLI or FIR). Absent where a browser lacks it. */
  sendKeyFrameRequest?(): Promise<void>;
  /** Senders: the encoder's next frame is a key frame (§4.4). Absent where a browser lacks it. */
  generateKeyFrame?(): Promise<unknown>;
}

/** At most one key frame request a second per receiver: the sender answers each with a costly key frame. */
const KEY_FRAME_REQUEST_INTERVAL_MS = 1_000;

/** The part of a dedicated worker's scope the frame worker uses. */
export interface FrameWorkerScope {
  onrtctransform: ((event: { transformer: ScriptTransformer }) => void) | null;
  onmessage: ((event: MessageEvent<ToFrameWorker>) => void) | null;
  postMessage(message: FromFrameWorker): void;
}

/**
 * The worker side of end-to-end encryption: every sender's and receiver's frames pass through
 * here (RTCRtpScriptTransform), encrypted or decrypted with one keyring that the page steers by
 * messages. Keys never leave this worker but as the page's own sending key, which it asks for to
 * hand to the others. A frame that cannot be encrypted is not sent: nothing leaves unencrypted.
 * A frame that cannot be decrypted is dropped and counted, never shown.
 */
export function serveFrameTransforms(scope: FrameWorkerScope): void {
  const keyring = E2eeKeyring.create();
  let unsent = 0;
  // Encrypting until the page says the room's encryption is off: nothing leaves unencrypted by default.
  let encrypting = true;
  /** The video senders' transformers, for key frames on demand. */
  const videoSenders = new Set<ScriptTransformer>();

  scope.onrtctransform = ({ transformer }) => {
    const options = transformer.options as FrameTransformOptions;
    const encryptor = options.side === 'send' ? keyring.then((keys) => keys.encryptor(options.slot)) : null;
    const keyFrames = new KeyFrameRequests(transformer);
    const transform = new TransformStream<EncodedFrame, EncodedFrame>({
      async transform(frame, controller) {
        const keys = await keyring;
        const frameKind = kindOf(frame, options.kind);
        if (encryptor) {
          if (encrypting) {
            try {
              frame.data = await (await encryptor).encrypt(frame.data, frameKind);
            } catch {
              unsent += 1;
              return;
            }
          }
          controller.enqueue(frame);
          return;
        }
        const plain = await keys.decryptor.decrypt(frame.data, frameKind, !encrypting);
        if (options.kind === 'video') keyFrames.after(frameKind, plain !== null);
        if (plain === null) return;
        frame.data = plain;
        controller.enqueue(frame);
      },
    });
    if (options.side === 'send' && options.kind === 'video') videoSenders.add(transformer);
    void transformer.readable
      .pipeThrough(transform)
      .pipeTo(transformer.writable)
      .finally(() => videoSenders.delete(transformer));
  };

  // One request at a time, in the order posted: the page sends keys and forgets them without
  // waiting for answers, and a key must not be forgotten before it was added.
  let requests: Promise<void> = Promise.resolve();
  scope.onmessage = ({ data: request }) => {
    requests = requests.then(() =>
      answer(request).then(
        (reply) => scope.postMessage(reply),
        (error: unknown) =>
          scope.postMessage({ type: 'failed', id: request.id, reason: error instanceof Error ? error.message : String(error) }),
      ),
    );
  };

  async function answer(request: ToFrameWorker): Promise<FromFrameWorker> {
    const keys = await keyring;
    switch (request.type) {
      case 'rotate':
        return { type: 'sending-key', id: request.id, key: await keys.rotate() };
      case 'sending-key':
        return { type: 'sending-key', id: request.id, key: keys.sendingKey };
      case 'add-key':
        await keys.addKey(request.participantId, request.key);
        return { type: 'done', id: request.id };
      case 'forget-older-keys':
        keys.forgetOlderKeys(request.participantId, request.keepKeyId);
        return { type: 'done', id: request.id };
      case 'forget-participant':
        keys.forgetParticipant(request.participantId);
        return { type: 'done', id: request.id };
      case 'key-frame':
        for (const sender of videoSenders) sender.generateKeyFrame?.().catch(() => undefined);
        return { type: 'done', id: request.id };
      case 'set-encryption':
        encrypting = request.on;
        return { type: 'done', id: request.id };
      case 'counts': {
        const counts: FrameWorkerCounts = { received: { ...keys.decryptor.counts }, unsent };
        return { type: 'counts', id: request.id, counts };
      }
    }
  }
}

function kindOf(frame: EncodedFrame, kind: FrameTransformOptions['kind']): EncodedFrameKind {
  if (kind === 'audio') return 'audio';
  return frame.type ?? 'delta';
}

/**
 * A receiver that dropped video frames (their key had not arrived yet, or a rotation overtook it)
 * holds a decoder missing its references: the frames that follow decrypt but cannot be shown until
 * a key frame. Nothing on the RTP level was lost, so the browser asks for none; this asks, once
 * the first frame decrypts again, and until a key frame comes.
 */
class KeyFrameRequests {
  readonly #transformer: ScriptTransformer;
  #missing = false;
  #askedAt = -Infinity;

  constructor(transformer: ScriptTransformer) {
    this.#transformer = transformer;
  }

  after(kind: EncodedFrameKind, decrypted: boolean): void {
    if (!decrypted) {
      this.#missing = true;
      return;
    }
    if (kind === 'key') this.#missing = false;
    if (!this.#missing || performance.now() - this.#askedAt < KEY_FRAME_REQUEST_INTERVAL_MS) return;
    this.#askedAt = performance.now();
    this.#transformer.sendKeyFrameRequest?.().catch(() => undefined);
  }
}
