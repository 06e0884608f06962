import createRnnoiseModule, { type RnnoiseModule } from '@echogarden/rnnoise-wasm';

/**
 * One RNNoise state over the Emscripten module: denoises 480-sample frames of 48 kHz mono audio
 * in place. RNNoise works on 16-bit sample values (xiph/rnnoise, examples/rnnoise_demo.c), Web
 * Audio on floats in [-1, 1], hence the scaling each way.
 */
export class Denoiser {
  static readonly SAMPLE_RATE = 48_000;

  /**
   * Loads RNNoise (its model is compiled into the .wasm). `wasm`: the .wasm bytes, where the module
   * cannot fetch them itself (an AudioWorklet has no fetch); without, it reads its own file (Node).
   */
  static async load(wasm?: ArrayBuffer): Promise<Denoiser> {
    const module = await createRnnoiseModule(wasm ? { wasmBinary: wasm, locateFile: (path) => path } : {});
    return new Denoiser(module);
  }

  readonly frameSize: number;
  readonly #module: RnnoiseModule;
  readonly #state: number;
  readonly #buffer: number;
  /** The last frame's voice probability (0–1). */
  voiceProbability = 0;

  private constructor(module: RnnoiseModule) {
    this.#module = module;
    this.frameSize = module._rnnoise_get_frame_size();
    this.#state = module._rnnoise_create(0);
    this.#buffer = module._malloc(this.frameSize * Float32Array.BYTES_PER_ELEMENT);
  }

  process(frame: Float32Array): void {
    const start = this.#buffer / Float32Array.BYTES_PER_ELEMENT;
    // Read HEAPF32 each time: a memory growth replaces the view.
    let heap = this.#module.HEAPF32;
    for (let i = 0; i < this.frameSize; i++) heap[start + i] = (frame[i] ?? 0) * 32_768;
    this.voiceProbability = this.#module._rnnoise_process_frame(this.#state, this.#buffer, this.#buffer);
    heap = this.#module.HEAPF32;
    for (let i = 0; i < this.frameSize; i++) frame[i] = (heap[start + i] ?? 0) / 32_768;
  }

  destroy(): void {
    this.#module._free(this.#buffer);
    this.#module._rnnoise_destroy(this.#state);
  }
}
