import type { PcmFrame } from '@parley/client/node';

/** libwebrtc takes audio 10 ms at a time (RTCAudioSource.onData). */
export const AUDIO_FRAME_MS = 10;

/**
 * A sine tone as 16-bit mono PCM, one 10 ms frame per call, continuous across frames.
 * 440 Hz at half scale (about −9 dBFS RMS): clearly audible, far from clipping.
 */
export class Tone {
  readonly #samples: Int16Array;
  readonly #step: number;
  #phase = 0;

  constructor(
    readonly frequency = 440,
    readonly sampleRate = 48_000,
    readonly amplitude = 0.5,
  ) {
    this.#samples = new Int16Array((sampleRate * AUDIO_FRAME_MS) / 1000);
    this.#step = (2 * Math.PI * frequency) / sampleRate;
  }

  next(): PcmFrame {
    const samples = this.#samples;
    for (let i = 0; i < samples.length; i++) {
      samples[i] = Math.round(Math.sin(this.#phase) * this.amplitude * 32767);
      this.#phase = (this.#phase + this.#step) % (2 * Math.PI);
    }
    return { samples, sampleRate: this.sampleRate, bitsPerSample: 16, channelCount: 1, numberOfFrames: samples.length };
  }
}
