/** Speech power the level control aims at: −20 dBFS RMS over the frames that are voice (about where Chromium's AGC puts it). */
const TARGET_POWER = 10 ** (-20 / 10);
/** Never more than +20 dB: a whisper far from the microphone stays quiet rather than noisy. */
const MAX_GAIN = 10;
/** Frames RNNoise calls voice with at least this probability count as speech. */
const VOICE_PROBABILITY = 0.8;
/** Below −60 dBFS a frame is not taken as speech whatever RNNoise says. */
const FLOOR_POWER = 1e-6;
/**
 * How fast the speech level follows voiced frames: up within about 100 ms of speech, down only
 * over about a second, so the odd frame of noise RNNoise takes for voice hardly lowers it (and
 * cannot make the gain raise the noise).
 */
const LEVEL_RISE = 0.1;
const LEVEL_FALL = 0.01;
/** … and the gain follows the level (about 300 ms), ramped across each frame so it never clicks. */
const GAIN_RATE = 0.03;
/** Samples louder than this are bent under full scale instead of clipping. */
const KNEE = 0.9;

/**
 * Brings speech to a steady level after RNNoise, the job the browser's automatic gain control
 * does, but steered by RNNoise's voice probability so the pauses are never raised. The browser's
 * AGC runs on the capture, before RNNoise, and with the browser's own suppressor off it cannot
 * tell words from noise: in Firefox it left speech 4 to 8 dB quieter than with the browser's
 * suppressor on. So while RNNoise runs the capture asks for no AGC and this gives the level
 * back. Only boosts (up to {@link MAX_GAIN}); loud speech is left as it is, and a soft knee keeps
 * the boosted peaks from clipping.
 */
export class SpeechLevel {
  /** The level of speech so far; null until the first voiced frame, which sets it. */
  #speechPower: number | null = null;
  #gain = 1;

  /** The gain now applied (1 = unchanged). */
  get gain(): number {
    return this.#gain;
  }

  /** Rewrites one denoised frame in place; `voiceProbability` is RNNoise's for that frame. */
  apply(frame: Float32Array, voiceProbability: number): void {
    let sum = 0;
    for (const sample of frame) sum += sample * sample;
    const power = sum / frame.length;
    if (voiceProbability >= VOICE_PROBABILITY && power > FLOOR_POWER) {
      const level = this.#speechPower ?? power;
      this.#speechPower = level + (power > level ? LEVEL_RISE : LEVEL_FALL) * (power - level);
    }
    const wanted = this.#speechPower === null ? 1 : Math.min(MAX_GAIN, Math.max(1, Math.sqrt(TARGET_POWER / this.#speechPower)));
    const from = this.#gain;
    this.#gain = from + GAIN_RATE * (wanted - from);
    const step = (this.#gain - from) / frame.length;
    for (let i = 0; i < frame.length; i++) frame[i] = bend((frame[i] ?? 0) * (from + step * (i + 1)));
  }
}

/** Identity up to the knee, then a tanh curve that reaches ±1 only at infinity. */
function bend(sample: number): number {
  const magnitude = Math.abs(sample);
  if (magnitude <= KNEE) return sample;
  return Math.sign(sample) * (KNEE + (1 - KNEE) * Math.tanh((magnitude - KNEE) / (1 - KNEE)));
}
