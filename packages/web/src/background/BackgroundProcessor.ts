import type { VideoProcessor } from '@parley/client';
import tfliteWasmUrl from '@twilio/video-processors/dist/build/tflite-simd-1-0-0.wasm?url';
import modelUrl from '@twilio/video-processors/dist/build/selfie_segmentation_landscape.tflite?url';
import type { BackgroundEffect, FromSegmenter, ToSegmenter } from './backgroundProtocol.js';
import { FrameRateWatch } from './FrameRateWatch.js';

/** Loading the runtime and the model takes a second or two; this long means it never will. */
const READY_TIMEOUT_MS = 20_000;
/** Frames are asked for at this pace at most (a camera's usual 30 fps). */
const FRAME_INTERVAL_MS = 33;
/**
 * Frames at the worker at once: one being processed, one waiting, so the worker never idles
 * while the page grabs the next; more would only add latency.
 */
const MAX_IN_FLIGHT = 2;
/**
 * A device that cannot keep up at the camera's size first gets frames this wide (a quarter of
 * 720p's pixels, as most tiles show anyway); only if that is still too slow is the effect given up.
 */
const REDUCED_WIDTH = 640;

/**
 * Background blur or replacement between the camera and the peer connections, on the device: the
 * camera plays in a detached <video>; on each tick of the worker's clock the newest frame goes to
 * segmentation.worker.ts (unless the one before is still there: frames are dropped, never queued),
 * and what comes back is drawn on a canvas whose captured track is sent and shown. The runtime
 * and the model (MediaPipe's selfie segmentation, from @twilio/video-processors) are served by
 * Parley itself; no frame leaves the device.
 */
export class BackgroundProcessor implements VideoProcessor {
  readonly #worker: Worker;
  readonly #canvas: HTMLCanvasElement;
  readonly #context: CanvasRenderingContext2D;
  readonly #output: MediaStreamTrack;
  readonly #video: HTMLVideoElement;
  readonly #frameRate = new FrameRateWatch();
  readonly #timings = { frames: 0, segmentationMs: 0, totalMs: 0 };
  #input: MediaStreamTrack | null = null;
  #inFlight = 0;
  /**
   * Whether the camera has shown a frame not yet sent. Only where the browser tells
   * (requestVideoFrameCallback, WICG video-rvfc); elsewhere every tick sends the current frame.
   */
  #newFrame = true;
  #watchingFrames = false;
  /** Frames wider than this are scaled down before processing (see REDUCED_WIDTH). */
  #maxWidth = Infinity;
  #closed = false;
  /** Told when the device cannot keep up (see FrameRateWatch): the owner goes back to the plain camera. */
  onTooSlow: ((framesPerSecond: number) => void) | null = null;

  static supported(): boolean {
    return typeof Worker === 'function' && typeof OffscreenCanvas === 'function' && typeof createImageBitmap === 'function';
  }

  /** Starts the worker and loads the model; rejects when this browser cannot run them. */
  static async create(effect: BackgroundEffect): Promise<BackgroundProcessor> {
    const worker = new Worker(new URL('./segmentation.worker.ts', import.meta.url), { type: 'module', name: 'parley-background' });
    try {
      await whenReady(worker);
      return new BackgroundProcessor(worker, effect);
    } catch (error) {
      worker.terminate();
      throw error;
    }
  }

  private constructor(worker: Worker, effect: BackgroundEffect) {
    this.#worker = worker;
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
    this.setEffect(effect);
    worker.onmessage = (event: MessageEvent<FromSegmenter>) => this.#onMessage(event.data);
  }

  get output(): MediaStreamTrack {
    return this.#output;
  }

  setInput(track: MediaStreamTrack | null): void {
    if (track === this.#input || this.#closed) return;
    this.#input = track;
    this.#frameRate.reset();
    this.#maxWidth = Infinity;
    if (track) {
      this.#video.srcObject = new MediaStream([track]);
      void this.#video.play().catch(() => undefined); // muted video may always play (autoplay policy)
      this.#watchNewFrames();
      this.#send({ type: 'clock', intervalMs: FRAME_INTERVAL_MS });
    } else {
      this.#send({ type: 'clock', intervalMs: null });
      this.#video.srcObject = null;
    }
  }

  /** Frames processed so far, and the worker's mean time per frame: segmentation alone, and with compositing. */
  get timings(): { frames: number; segmentationMs: number; totalMs: number } {
    const { frames, segmentationMs, totalMs } = this.#timings;
    return { frames, segmentationMs: frames ? segmentationMs / frames : 0, totalMs: frames ? totalMs / frames : 0 };
  }

  setEffect(effect: BackgroundEffect): void {
    this.#send({ type: 'effect', effect }, effect.kind === 'image' ? [effect.image] : []);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#worker.terminate();
    this.#output.stop();
    this.#video.srcObject = null;
  }

  #send(message: ToSegmenter, transfer: Transferable[] = []): void {
    if (!this.#closed) this.#worker.postMessage(message, transfer);
  }

  #onMessage(message: FromSegmenter): void {
    if (this.#closed) return;
    switch (message.type) {
      case 'tick':
        this.#sendFrame();
        this.#checkFrameRate();
        return;
      case 'frame':
        this.#inFlight -= 1;
        this.#timings.frames += 1;
        this.#timings.segmentationMs += message.segmentationMs;
        this.#timings.totalMs += message.totalMs;
        this.#draw(message.frame);
        return;
      case 'failed':
      case 'ready':
        return;
    }
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
    if (!this.#newFrame) return;
    if (typeof video.requestVideoFrameCallback === 'function') this.#newFrame = false;
    this.#inFlight += 1;
    const scale = Math.min(1, this.#maxWidth / video.videoWidth);
    const grabbed =
      scale < 1
        ? createImageBitmap(video, {
            resizeWidth: Math.round(video.videoWidth * scale),
            resizeHeight: Math.round(video.videoHeight * scale),
          })
        : createImageBitmap(video);
    grabbed.then(
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
    this.#frameRate.frame();
  }

  #checkFrameRate(): void {
    const cameraRate = this.#input?.getSettings().frameRate;
    const tooSlow = this.#frameRate.tooSlow(performance.now(), cameraRate);
    if (tooSlow === null) return;
    if (this.#canvas.width > REDUCED_WIDTH) {
      this.#maxWidth = REDUCED_WIDTH;
      this.#frameRate.reset();
      console.info(
        `Background effects: ${tooSlow.toFixed(1)} frames a second at ${this.#canvas.width} px wide; going on at ${REDUCED_WIDTH}.`,
      );
      return;
    }
    this.onTooSlow?.(tooSlow);
  }
}

function whenReady(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the segmentation model did not load in time')), READY_TIMEOUT_MS);
    worker.onmessage = (event: MessageEvent<FromSegmenter>) => {
      if (event.data.type === 'ready') {
        clearTimeout(timer);
        resolve();
      } else if (event.data.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(event.data.reason));
      }
    };
    worker.onerror = (event) => {
      clearTimeout(timer);
      reject(new Error(event.message || 'the segmentation worker failed to start'));
    };
    const init: ToSegmenter = {
      type: 'init',
      wasmUrl: new URL(tfliteWasmUrl, location.href).href,
      modelUrl: new URL(modelUrl, location.href).href,
    };
    worker.postMessage(init);
  });
}
