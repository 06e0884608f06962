/** What the page and the noise suppressor's worklet say to each other. */
export const NOISE_PROCESSOR_NAME = 'parley-noise-suppressor';
/**
 * RNNoise's rate (the SDK's Denoiser.SAMPLE_RATE), said again here so the page's chunk does not
 * carry the RNNoise module just for a number: only the worklet loads it.
 */
export const NOISE_SAMPLE_RATE = 48_000;

export interface NoiseProcessorOptions {
  /** The RNNoise .wasm bytes (the worklet scope cannot fetch them). */
  wasm: ArrayBuffer;
}

export type NoiseProcessorMessage = { type: 'ready'; latencySamples: number } | { type: 'failed'; reason: string };
