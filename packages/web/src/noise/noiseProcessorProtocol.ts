/** What the page and the noise suppressor's worklet say to each other. */
export const NOISE_PROCESSOR_NAME = 'parley-noise-suppressor';

export interface NoiseProcessorOptions {
  /** The RNNoise .wasm bytes (the worklet scope cannot fetch them). */
  wasm: ArrayBuffer;
}

export type NoiseProcessorMessage = { type: 'ready'; latencySamples: number } | { type: 'failed'; reason: string };
