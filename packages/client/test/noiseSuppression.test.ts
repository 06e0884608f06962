import { describe, expect, it } from 'vitest';
import { Denoiser, FrameRebuffer } from '../src/noise/index.js';

/** The Web Audio render quantum (Web Audio §1.32.1): what the worklet receives each call. */
const QUANTUM = 128;

function levelDb(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return 10 * Math.log10(sum / samples.length + 1e-20);
}

/** Deterministic white noise (xorshift), so a failure reproduces. */
function noise(length: number, amplitude: number, seed = 1): Float32Array {
  let state = seed;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = ((state >>> 0) / 0xffffffff - 0.5) * 2 * amplitude;
  }
  return out;
}

/** Runs `input` through a rebuffer quantum by quantum, as the worklet does. */
function stream(input: Float32Array, rebuffer: FrameRebuffer): Float32Array {
  const output = new Float32Array(input.length);
  for (let at = 0; at + QUANTUM <= input.length; at += QUANTUM) {
    rebuffer.push(input.subarray(at, at + QUANTUM), output.subarray(at, at + QUANTUM));
  }
  return output;
}

describe('FrameRebuffer', () => {
  it('hands back every sample, in order, exactly one frame later, from 128-sample quanta', () => {
    const input = Float32Array.from({ length: 1920 * 20 }, (_, i) => (i % 1000) / 1000 + 0.001);
    const frames: number[] = [];
    const rebuffer = new FrameRebuffer(480, (frame) => frames.push(frame.length));
    const output = stream(input, rebuffer);
    expect(rebuffer.delay).toBe(480);
    expect(new Set(frames)).toEqual(new Set([480]));
    expect(Array.from(output.subarray(0, 480))).toEqual(new Array(480).fill(0)); // the head start
    expect(Array.from(output.subarray(480))).toEqual(Array.from(input.subarray(0, input.length - 480)));
  });
});

describe('Denoiser (RNNoise, the same .wasm the page loads)', () => {
  it('takes 10 ms frames at 48 kHz and removes steady noise', async () => {
    const denoiser = await Denoiser.load();
    try {
      expect(denoiser.frameSize).toBe(480);
      const input = noise(Denoiser.SAMPLE_RATE * 3, 0.05); // about −29 dBFS of white noise
      const output = stream(input, new FrameRebuffer(denoiser.frameSize, (frame) => denoiser.process(frame)));
      // After the first second (RNNoise learns the noise), compare the rest: 12.5 dB less when
      // written (white noise is its hardest steady case; the e2e test's pink noise loses 25 dB).
      const settled = Denoiser.SAMPLE_RATE;
      const before = levelDb(input.subarray(settled));
      const after = levelDb(output.subarray(settled));
      expect(before).toBeGreaterThan(-31);
      expect(after, `noise ${before.toFixed(1)} dBFS in, ${after.toFixed(1)} dBFS out`).toBeLessThan(before - 10);
      expect(denoiser.voiceProbability).toBeLessThan(0.5);
    } finally {
      denoiser.destroy();
    }
  });
});
