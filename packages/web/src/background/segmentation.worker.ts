/// <reference lib="webworker" />
import createTFLiteModule, { type TFLiteModule } from '@twilio/video-processors/dist/build/tflite-simd-1-0-0.js';
import { compositeBackground } from './compositeBackground.js';
import type { BackgroundEffect, FromSegmenter, ToSegmenter } from './backgroundProtocol.js';

/**
 * Person segmentation and compositing, off the page's main thread: each camera frame is scaled to
 * the model's input (MediaPipe's selfie segmentation, landscape: 256×144), run through TFLite
 * (WebAssembly SIMD, on the CPU: no WebGL needed), and the person is drawn over the blurred frame
 * or an image, at the frame's own size, on an OffscreenCanvas.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromSegmenter, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

let model: SegmentationModel | null = null;
let effect: BackgroundEffect = { kind: 'blur', strength: 'light' };
let clock: ReturnType<typeof setInterval> | null = null;

scope.onmessage = (event: MessageEvent<ToSegmenter>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      SegmentationModel.load(message.wasmUrl, message.modelUrl).then(
        (loaded) => {
          model = loaded;
          post({ type: 'ready' });
        },
        (error: unknown) => post({ type: 'failed', reason: error instanceof Error ? error.message : String(error) }),
      );
      return;
    case 'effect':
      if (effect.kind === 'image' && effect !== message.effect) effect.image.close();
      effect = message.effect;
      return;
    case 'clock':
      // A worker's timers keep their pace while the page's tab is in the background; the page's
      // own are slowed to once a second there (HTML §8.6 timers may be throttled), which would
      // freeze the video others see.
      if (clock) clearInterval(clock);
      clock = message.intervalMs === null ? null : setInterval(() => post({ type: 'tick' }), message.intervalMs);
      return;
    case 'frame': {
      const frame = message.frame;
      if (!model) {
        frame.close();
        return;
      }
      const started = performance.now();
      const mask = model.personMask(frame);
      const segmentationMs = performance.now() - started;
      const result = compositeBackground(frame, mask, effect);
      frame.close();
      post({ type: 'frame', frame: result, segmentationMs, totalMs: performance.now() - started }, [result]);
      return;
    }
  }
};

/** The model in its runtime, with the canvases it reads frames into and writes masks from. */
class SegmentationModel {
  readonly #tflite: TFLiteModule;
  readonly #input: OffscreenCanvasRenderingContext2D;
  readonly #mask: OffscreenCanvas;
  readonly #maskContext: OffscreenCanvasRenderingContext2D;
  readonly #maskPixels: ImageData;

  static async load(wasmUrl: string, modelUrl: string): Promise<SegmentationModel> {
    const [wasm, modelBytes] = await Promise.all([fetchBytes(wasmUrl), fetchBytes(modelUrl)]);
    const tflite = await createTFLiteModule({ wasmBinary: wasm });
    tflite.HEAPU8.set(new Uint8Array(modelBytes), tflite._getModelBufferMemoryOffset());
    if (tflite._loadModel(modelBytes.byteLength) !== 0) throw new Error('the segmentation model did not load');
    return new SegmentationModel(tflite);
  }

  private constructor(tflite: TFLiteModule) {
    this.#tflite = tflite;
    const width = tflite._getInputWidth();
    const height = tflite._getInputHeight();
    const input = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    this.#mask = new OffscreenCanvas(tflite._getOutputWidth(), tflite._getOutputHeight());
    const maskContext = this.#mask.getContext('2d');
    if (!input || !maskContext) throw new Error('no 2D canvas in this worker');
    this.#input = input;
    this.#maskContext = maskContext;
    this.#maskPixels = new ImageData(this.#mask.width, this.#mask.height);
  }

  /** The person in `frame`, as the alpha of a small canvas (opaque where the person is). */
  personMask(frame: ImageBitmap): OffscreenCanvas {
    const tflite = this.#tflite;
    const { width, height } = this.#input.canvas;
    this.#input.drawImage(frame, 0, 0, width, height);
    const pixels = this.#input.getImageData(0, 0, width, height).data;
    // The model takes RGB as float32 in [0, 1], row by row, channels interleaved.
    const input = tflite.HEAPF32.subarray(tflite._getInputMemoryOffset() / 4);
    for (let i = 0, j = 0; i < width * height; i += 1, j += 4) {
      input[i * 3] = pixels[j]! / 255;
      input[i * 3 + 1] = pixels[j + 1]! / 255;
      input[i * 3 + 2] = pixels[j + 2]! / 255;
    }
    tflite._runInference();
    const channels = tflite._getOutputChannelCount();
    const output = tflite.HEAPF32.subarray(tflite._getOutputMemoryOffset() / 4);
    const alpha = this.#maskPixels.data;
    for (let i = 0; i < this.#mask.width * this.#mask.height; i += 1) {
      alpha[i * 4 + 3] = 255 * personProbability(output, i, channels);
    }
    this.#maskContext.putImageData(this.#maskPixels, 0, 0);
    return this.#mask;
  }
}

/** One channel: the person's probability; two: background and person scores, softmaxed. */
function personProbability(output: Float32Array, pixel: number, channels: number): number {
  if (channels === 1) return Math.min(1, Math.max(0, output[pixel]!));
  const background = output[pixel * 2]!;
  const person = output[pixel * 2 + 1]!;
  return 1 / (1 + Math.exp(background - person));
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}
