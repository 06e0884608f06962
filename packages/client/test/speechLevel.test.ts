import { describe, expect, it } from 'vitest';
import { SpeechLevel } from '../src/noise/index.js';

const FRAME = 480;

function levelDb(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return 10 * Math.log10(sum / samples.length + 1e-20);
}

/** A 200 Hz tone frame at `amplitude`, continuing the phase of frame number `index`. */
function tone(index: number, amplitude: number): Float32Array {
  return Float32Array.from({ length: FRAME }, (_, i) => amplitude * Math.sin((2 * Math.PI * 200 * (index * FRAME + i)) / 48_000));
}

/** Runs `seconds` of frames through the control; returns the output level of the last second. */
function run(level: SpeechLevel, seconds: number, frameAt: (index: number) => { frame: Float32Array; voice: number }): number {
  const frames = seconds * 100;
  const last: Float32Array[] = [];
  for (let index = 0; index < frames; index++) {
    const { frame, voice } = frameAt(index);
    level.apply(frame, voice);
    if (index >= frames - 100) last.push(frame);
  }
  const all = new Float32Array(last.length * FRAME);
  last.forEach((frame, i) => all.set(frame, i * FRAME));
  return levelDb(all);
}

describe('SpeechLevel', () => {
  it('brings quiet speech up to about −20 dBFS', () => {
    const level = new SpeechLevel();
    const out = run(level, 4, (index) => ({ frame: tone(index, 0.02), voice: 0.95 })); // −37 dBFS in
    expect(out).toBeGreaterThan(-21.5);
    expect(out).toBeLessThan(-18.5);
  });

  it('never raises what RNNoise does not call voice: the pauses stay as quiet as they came', () => {
    const level = new SpeechLevel();
    const out = run(level, 3, (index) => ({ frame: tone(index, 0.003), voice: 0.1 })); // −53 dBFS
    expect(out).toBeCloseTo(levelDb(tone(0, 0.003)), 1);
    expect(level.gain).toBe(1);
  });

  it('keeps the gain it found for speech through a pause, so words after it are as loud', () => {
    const level = new SpeechLevel();
    run(level, 3, (index) => ({ frame: tone(index, 0.02), voice: 0.95 }));
    const speechGain = level.gain;
    run(level, 2, (index) => ({ frame: tone(index, 0.001), voice: 0.05 }));
    expect(speechGain).toBeGreaterThan(4);
    expect(level.gain).toBeCloseTo(speechGain, 2);
  });

  it('a few noise frames taken for voice among the words do not turn the gain up', () => {
    const level = new SpeechLevel();
    run(level, 3, (index) => ({ frame: tone(index, 0.02), voice: 0.95 }));
    const speechGain = level.gain;
    // Every fourth frame of a pause, RNNoise says voice for noise 30 dB below the speech.
    run(level, 2, (index) => ({ frame: tone(index, 0.0006), voice: index % 4 === 0 ? 0.9 : 0.1 }));
    expect(20 * Math.log10(level.gain / speechGain)).toBeLessThan(6);
  });

  it('leaves loud speech alone, never above 20 dB of gain, and never clips', () => {
    const loud = new SpeechLevel();
    const loudOut = run(loud, 2, (index) => ({ frame: tone(index, 0.5), voice: 0.99 }));
    expect(loudOut).toBeCloseTo(levelDb(tone(0, 0.5)), 1);

    const faint = new SpeechLevel();
    run(faint, 6, (index) => ({ frame: tone(index, 0.0015), voice: 0.99 })); // −59.5 dBFS: +36 dB wanted
    expect(faint.gain).toBeLessThanOrEqual(10);
    expect(faint.gain).toBeGreaterThan(9);

    const boosted = new SpeechLevel();
    let peak = 0;
    run(boosted, 3, (index) => {
      // Quiet speech sets a high gain; then a shout: bent under full scale, not clipped.
      const frame = tone(index, index < 200 ? 0.01 : 0.3);
      return { frame, voice: 0.99 };
    });
    const after = tone(300, 0.3);
    boosted.apply(after, 0.99);
    for (const sample of after) peak = Math.max(peak, Math.abs(sample));
    expect(peak).toBeLessThan(1);
  });
});
