// The parts of @echogarden/rnnoise-wasm's Emscripten module Parley uses (xiph/rnnoise's include/rnnoise.h).
declare module '@echogarden/rnnoise-wasm' {
  export interface RnnoiseModule {
    /** 32-bit float view of the module's memory; replaced when the memory grows. */
    readonly HEAPF32: Float32Array;
    _malloc(bytes: number): number;
    _free(pointer: number): void;
    /** rnnoise_get_frame_size(): samples per frame (480: 10 ms at 48 kHz). */
    _rnnoise_get_frame_size(): number;
    /** rnnoise_create(model): a denoiser state; 0 uses the built-in model. */
    _rnnoise_create(model: number): number;
    _rnnoise_destroy(state: number): void;
    /** rnnoise_process_frame(state, out, in): denoises one frame; returns the probability of voice. */
    _rnnoise_process_frame(state: number, output: number, input: number): number;
  }
  export interface RnnoiseModuleOptions {
    /** The .wasm bytes, so the module never fetches (an AudioWorklet has no fetch). */
    wasmBinary?: ArrayBuffer | Uint8Array;
    locateFile?: (path: string, prefix: string) => string;
  }
  export default function createRnnoiseModule(options?: RnnoiseModuleOptions): Promise<RnnoiseModule>;
}
