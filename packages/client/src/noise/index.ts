/**
 * Noise suppression (RNNoise) without a browser API: the denoiser and the rebuffering of audio
 * into its 10 ms frames. Its own entry point, so the SDK's main bundle never carries it: the web
 * app's AudioWorklet and the CLI's bot import it.
 */
export { Denoiser } from './Denoiser.js';
export { FrameRebuffer } from './FrameRebuffer.js';
export { SpeechLevel } from './SpeechLevel.js';
