import type { FrameTransforms, SendStream } from '../peer/FrameTransforms.js';
import { FrameWorkerClient } from './FrameWorkerClient.js';
import { StreamSlot } from './streamSlots.js';

/**
 * Every sender's and receiver's frames through the frame worker, with RTCRtpScriptTransform
 * (webrtc-encoded-transform §4): Chromium and Firefox run it in the worker that holds the keys.
 *
 * Video is negotiated with VP8 first: its frame header (the clear prefix, see clearPrefix.ts) is
 * what an SFU reads to find key frames and switch simulcast layers, and the packetizers of H.264
 * and VP9 parse the frame itself, which encryption makes unreadable to them.
 */
export class ScriptFrameTransforms implements FrameTransforms {
  readonly #worker: Worker;
  readonly #attached = new WeakSet<RTCRtpTransceiver>();

  constructor(worker: Worker) {
    this.#worker = worker;
  }

  /** True where the browser can run a frame transform in a worker. */
  static get supported(): boolean {
    return typeof globalThis.RTCRtpScriptTransform === 'function';
  }

  attach(transceiver: RTCRtpTransceiver, sends: SendStream | null): void {
    if (this.#attached.has(transceiver)) return;
    this.#attached.add(transceiver);
    const kind = transceiver.receiver.track.kind === 'audio' ? 'audio' : 'video';
    if (kind === 'video') preferVp8(transceiver);
    transceiver.receiver.transform = new RTCRtpScriptTransform(this.#worker, FrameWorkerClient.receiveOptions(kind));
    if (sends !== null) {
      transceiver.sender.transform = new RTCRtpScriptTransform(this.#worker, FrameWorkerClient.sendOptions(kind, StreamSlot[sends]));
    }
  }
}

/**
 * VP8 first (webrtc-pc §5.4 setCodecPreferences), so both ends send it: offers and answers list
 * codecs in preference order. The others stay listed: Firefox, asked to drop codecs, leaves their
 * rtcp-fb lines in its SDP, which Chromium then refuses to parse; a browser that lists VP8 first
 * already is left alone.
 */
function preferVp8(transceiver: RTCRtpTransceiver): void {
  const codecs = RTCRtpReceiver.getCapabilities('video')?.codecs;
  if (!codecs || typeof transceiver.setCodecPreferences !== 'function') return;
  const isVp8 = ({ mimeType }: RTCRtpCodec) => mimeType.toLowerCase() === 'video/vp8';
  if (codecs.length === 0 || isVp8(codecs[0]!) || !codecs.some(isVp8)) return;
  transceiver.setCodecPreferences([...codecs.filter(isVp8), ...codecs.filter((codec) => !isVp8(codec))]);
}
