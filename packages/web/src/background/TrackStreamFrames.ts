import type { FromSegmenter } from './backgroundProtocol.js';
import type { FrameRoute, SendToSegmenter } from './FrameRoute.js';

/** Chromium's MediaStreamTrackProcessor and MediaStreamTrackGenerator (mediacapture-transform), on the page. */
interface BreakoutBox {
  MediaStreamTrackProcessor: new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame> };
  MediaStreamTrackGenerator: new (init: { kind: 'video' }) => MediaStreamTrack & { writable: WritableStream<VideoFrame> };
}

const breakoutBox = globalThis as unknown as Partial<BreakoutBox>;

/**
 * The camera track's frames go to the worker as a stream and come back into a generated track
 * without the page's main thread touching a pixel (mediacapture-transform's "breakout box"). On the
 * canvas route the main thread copies every frame out of a <video> and paints every result, which
 * cost about 14 points of a core at 640×360 and 30 fps here; this route costs none of that, and
 * the frames keep their capture timestamps.
 */
export class TrackStreamFrames implements FrameRoute {
  /** The worker pushes frames itself; the clock only paces the frame rate check. */
  readonly tickMs = 500;
  readonly #send: SendToSegmenter;
  readonly #output: MediaStreamTrack;

  static supported(): boolean {
    return typeof breakoutBox.MediaStreamTrackProcessor === 'function' && typeof breakoutBox.MediaStreamTrackGenerator === 'function';
  }

  constructor(send: SendToSegmenter) {
    const { MediaStreamTrackGenerator } = breakoutBox as BreakoutBox;
    const generator = new MediaStreamTrackGenerator({ kind: 'video' });
    this.#send = send;
    this.#output = generator;
    send({ type: 'output', writable: generator.writable }, [generator.writable]);
  }

  get output(): MediaStreamTrack {
    return this.#output;
  }

  setInput(track: MediaStreamTrack | null): void {
    if (!track) {
      this.#send({ type: 'input', readable: null });
      return;
    }
    const { MediaStreamTrackProcessor } = breakoutBox as BreakoutBox;
    const { readable } = new MediaStreamTrackProcessor({ track });
    this.#send({ type: 'input', readable }, [readable]);
  }

  onMessage(message: FromSegmenter): boolean {
    return message.type === 'processed';
  }

  close(): void {
    this.#output.stop();
  }
}
