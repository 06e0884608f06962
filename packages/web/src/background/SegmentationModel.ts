import createTFLiteModule, { type TFLiteModule } from '@twilio/video-processors/dist/build/tflite-simd-1-0-0.js';
import { planesToRgbInput, type Planes } from './yuvPlanes.js';

/**
 * MediaPipe's selfie segmentation (landscape: 256×144) in the TFLite runtime (WebAssembly SIMD,
 * on the CPU: no WebGL needed), with the canvases it reads frames into and writes masks from.
 */
export class SegmentationModel {
  readonly #tflite: TFLiteModule;
  readonly #input: OffscreenCanvasRenderingContext2D;
  readonly #mask: OffscreenCanvas;
  readonly #maskContext: OffscreenCanvasRenderingContext2D;
  readonly #maskPixels: ImageData;
  readonly #maskValues: Uint8Array;
  /** Whether `mask` (the canvas) still shows an older result than `maskValues`. */
  #maskCanvasStale = false;

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
    this.#maskValues = new Uint8Array(this.#mask.width * this.#mask.height);
  }

  /** The person in the last frame segmented, as the alpha of a small canvas (opaque where the person is). */
  get mask(): OffscreenCanvas {
    if (this.#maskCanvasStale) {
      const alpha = this.#maskPixels.data;
      for (let i = 0; i < this.#maskValues.length; i += 1) alpha[i * 4 + 3] = this.#maskValues[i]!;
      this.#maskContext.putImageData(this.#maskPixels, 0, 0);
      this.#maskCanvasStale = false;
    }
    return this.#mask;
  }

  /** The person in the last frame segmented, 0–255 per pixel of the model's output (maskWidth×maskHeight). */
  get maskValues(): Uint8Array {
    return this.#maskValues;
  }

  get maskWidth(): number {
    return this.#mask.width;
  }

  get maskHeight(): number {
    return this.#mask.height;
  }

  /** Finds the person in `frame` (drawn scaled to the model's input). */
  segment(frame: CanvasImageSource): void {
    const { width, height } = this.#input.canvas;
    this.#input.drawImage(frame, 0, 0, width, height);
    const pixels = this.#input.getImageData(0, 0, width, height).data;
    const input = this.#modelInput();
    for (let i = 0, j = 0; i < width * height; i += 1, j += 4) {
      input[i * 3] = pixels[j]! / 255;
      input[i * 3 + 1] = pixels[j + 1]! / 255;
      input[i * 3 + 2] = pixels[j + 2]! / 255;
    }
    this.#infer();
  }

  /** Finds the person in a frame read as YUV planes, converted to RGB only at the model's size. */
  segmentPlanes(planes: Planes): void {
    const { width, height } = this.#input.canvas;
    planesToRgbInput(planes, this.#modelInput(), width, height);
    this.#infer();
  }

  /** The model takes RGB as float32 in [0, 1], row by row, channels interleaved. */
  #modelInput(): Float32Array {
    return this.#tflite.HEAPF32.subarray(this.#tflite._getInputMemoryOffset() / 4);
  }

  #infer(): void {
    const tflite = this.#tflite;
    tflite._runInference();
    const channels = tflite._getOutputChannelCount();
    const output = tflite.HEAPF32.subarray(tflite._getOutputMemoryOffset() / 4);
    for (let i = 0; i < this.#maskValues.length; i += 1) this.#maskValues[i] = 255 * personProbability(output, i, channels) + 0.5;
    this.#maskCanvasStale = true;
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
