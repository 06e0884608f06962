import type { FromSegmenter } from './backgroundProtocol.js';
import type { FrameRoute, SendToSegmenter } from './FrameRoute.js';

/** Frames are asked for at this pace at most (a camera's usual 30 fps). */
const FRAME_INTERVAL_MS = 33;
/**
 * Frames at the worker at once: one being processed, one waiting, so the worker never idles
 * while the page grabs the next; more would only add latency.
 */
const MAX_IN_FLIGHT = 2;

/**
 * Where the browser cannot hand a track's frames to script (Firefox): the camera plays in a
 * detached <video>; on each tick of the worker's clock its newest frame is copied out and sent to
 * the worker (unless two are still there: frames are dropped, never queued), and each result is
 * painted on a canvas whose captured track is the output.
 */
export class CanvasFrames implements FrameRoute {
  readonly tickMs = FRAME_INTERVAL_MS;
  readonly #send: SendToSegmenter;
  readonly #canvas: HTMLCanvasElement;
  readonly #context: CanvasRenderingContext2D;
  readonly #output: MediaStreamTrack;
  readonly #video: HTMLVideoElement;
  #input: MediaStreamTrack | null = null;
  #inFlight = 0;
  /**
   * Whether the camera has shown a frame not yet sent. Only where the browser tells
   * (requestVideoFrameCallback, WICG video-rvfc); elsewhere every tick sends the current frame.
   */
  #newFrame = true;
  #watchingFrames = false;
  #closed = false;

  constructor(send: SendToSegmenter) {
    this.#send = send;
    this.#canvas = document.createElement('canvas');
    const context = this.#canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    this.#context = context;
    // A frame before the first result, so the track starts (a canvas captures only what is painted).
    this.#canvas.width = 2;
    this.#canvas.height = 2;
    context.fillRect(0, 0, 2, 2);
    const output = this.#canvas.captureStream().getVideoTracks()[0];
    if (!output) throw new Error('no canvas capture');
    this.#output = output;
    this.#video = document.createElement('video');
    this.#video.muted = true;
    this.#video.playsInline = true;
  }

  get output(): MediaStreamTrack {
    return this.#output;
  }

  setInput(track: MediaStreamTrack | null): void {
    this.#input = track;
    if (track) {
      this.#video.srcObject = new MediaStream([track]);
      void this.#video.play().catch(() => undefined); // muted video may always play (autoplay policy)
      this.#watchNewFrames();
    } else {
      this.#video.srcObject = null;
    }
  }

  onMessage(message: FromSegmenter): boolean {
    if (message.type === 'tick') this.#sendFrame();
    if (message.type !== 'frame') return false;
    this.#inFlight -= 1;
    this.#draw(message.frame);
    return true;
  }

  close(): void {
    this.#closed = true;
    this.#output.stop();
    this.#video.srcObject = null;
  }

  /**
   * A camera slower than the clock (20 fps against 33 ms ticks) would otherwise have a third of
   * its frames segmented and composed twice, and sent twice.
   */
  #watchNewFrames(): void {
    const video = this.#video;
    if (typeof video.requestVideoFrameCallback !== 'function' || this.#watchingFrames) return;
    this.#watchingFrames = true;
    this.#newFrame = false;
    const shown = () => {
      if (this.#closed || video.srcObject === null) {
        this.#watchingFrames = false;
        return;
      }
      this.#newFrame = true;
      video.requestVideoFrameCallback(shown);
    };
    video.requestVideoFrameCallback(shown);
  }

  #sendFrame(): void {
    const video = this.#video;
    if (this.#inFlight >= MAX_IN_FLIGHT || !this.#input || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return;
    // Where the page is hidden, the browser does not render it and tells of no frame
    // (requestVideoFrameCallback runs in "update the rendering", HTML §8.1.7.3): every tick sends.
    if (!this.#newFrame && document.visibilityState === 'visible') return;
    if (typeof video.requestVideoFrameCallback === 'function') this.#newFrame = false;
    this.#inFlight += 1;
    createImageBitmap(video).then(
      (frame) => {
        if (this.#closed) frame.close();
        else this.#send({ type: 'frame', frame }, [frame]);
      },
      () => {
        this.#inFlight -= 1; // the camera changed under us: the next tick tries again
      },
    );
  }

  #draw(frame: ImageBitmap): void {
    if (this.#canvas.width !== frame.width || this.#canvas.height !== frame.height) {
      this.#canvas.width = frame.width;
      this.#canvas.height = frame.height;
    }
    this.#context.drawImage(frame, 0, 0);
    frame.close();
  }
}
