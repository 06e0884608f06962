import type { VideoProcessor } from '@parley/client';
import tfliteWasmUrl from '@twilio/video-processors/dist/build/tflite-simd-1-0-0.wasm?url';
import modelUrl from '@twilio/video-processors/dist/build/selfie_segmentation_landscape.tflite?url';
import type { BackgroundEffect, FromSegmenter, ToSegmenter } from './backgroundProtocol.js';
import { CanvasFrames } from './CanvasFrames.js';
import type { FrameRoute, SendToSegmenter } from './FrameRoute.js';
import { FrameRateWatch } from './FrameRateWatch.js';
import { TrackStreamFrames } from './TrackStreamFrames.js';

/** Loading the runtime and the model takes a second or two; this long means it never will. */
const READY_TIMEOUT_MS = 20_000;
/**
 * A device that cannot keep up at the camera's size first gets frames this wide (a quarter of
 * 720p's pixels, as most tiles show anyway); only if that is still too slow is the effect given up.
 */
const REDUCED_WIDTH = 640;

/**
 * Background blur or replacement between the camera and the peer connections, on the device:
 * segmentation.worker.ts finds the person and composes each frame, and a FrameRoute carries the
 * camera's frames to it and the results into the track that is sent and shown. The runtime and
 * the model (MediaPipe's selfie segmentation, from @twilio/video-processors) are served by Parley
 * itself; no frame leaves the device.
 */
export class BackgroundProcessor implements VideoProcessor {
  readonly #worker: Worker;
  readonly #route: FrameRoute;
  readonly #frameRate = new FrameRateWatch();
  readonly #timings = { frames: 0, segmentations: 0, segmentationMs: 0, totalMs: 0 };
  #input: MediaStreamTrack | null = null;
  /** The width frames are composed at, once the device was found too slow at the camera's own. */
  #reducedWidth: number | null = null;
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
    const send: SendToSegmenter = (message, transfer = []) => this.#send(message, transfer);
    this.#route = TrackStreamFrames.supported() ? new TrackStreamFrames(send) : new CanvasFrames(send);
    this.setEffect(effect);
    worker.onmessage = (event: MessageEvent<FromSegmenter>) => this.#onMessage(event.data);
  }

  get output(): MediaStreamTrack {
    return this.#route.output;
  }

  setInput(track: MediaStreamTrack | null): void {
    if (track === this.#input || this.#closed) return;
    this.#input = track;
    this.#frameRate.reset();
    this.#reducedWidth = null;
    this.#send({ type: 'max-width', width: Infinity });
    this.#route.setInput(track);
    this.#send({ type: 'clock', intervalMs: track ? this.#route.tickMs : null });
  }

  /**
   * Frames processed so far, the worker's mean time per run of the model (not every frame has
   * one: see SegmentationPace), and per frame in all.
   */
  get timings(): { frames: number; segmentationMs: number; totalMs: number } {
    const { frames, segmentations, segmentationMs, totalMs } = this.#timings;
    return { frames, segmentationMs: segmentations ? segmentationMs / segmentations : 0, totalMs: frames ? totalMs / frames : 0 };
  }

  setEffect(effect: BackgroundEffect): void {
    this.#send({ type: 'effect', effect }, effect.kind === 'image' ? [effect.image] : []);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#worker.terminate();
    this.#route.close();
  }

  #send(message: ToSegmenter, transfer: Transferable[] = []): void {
    if (!this.#closed) this.#worker.postMessage(message, transfer);
  }

  #onMessage(message: FromSegmenter): void {
    if (this.#closed) return;
    if (this.#route.onMessage(message) && (message.type === 'frame' || message.type === 'processed')) {
      this.#timings.frames += 1;
      if (message.segmentationMs > 0) this.#timings.segmentations += 1;
      this.#timings.segmentationMs += message.segmentationMs;
      this.#timings.totalMs += message.totalMs;
      this.#frameRate.frame();
    }
    if (message.type === 'tick') this.#checkFrameRate();
  }

  #checkFrameRate(): void {
    const settings = this.#input?.getSettings();
    const tooSlow = this.#frameRate.tooSlow(performance.now(), settings?.frameRate);
    if (tooSlow === null) return;
    const width = settings?.width ?? 0;
    if (this.#reducedWidth === null && width > REDUCED_WIDTH) {
      this.#reducedWidth = REDUCED_WIDTH;
      this.#send({ type: 'max-width', width: REDUCED_WIDTH });
      this.#frameRate.reset();
      console.info(`Background effects: ${tooSlow.toFixed(1)} frames a second at ${width} px wide; going on at ${REDUCED_WIDTH}.`);
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
