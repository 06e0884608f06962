import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import wav from 'node-wav';
import type { PcmFrame } from '@parley/client/node';
import { AUDIO_FRAME_MS } from './tone.js';

/** What libwebrtc sends and RNNoise works at. */
const SAMPLE_RATE = 48_000;

/** A recording to send instead of the tone: 48 kHz mono samples in [-1, 1]. */
export interface SoundClip {
  name: string;
  samples: Float32Array;
}

/** Reads a WAV file (PCM or float, any channel count, 48 kHz); channels are mixed down to one. */
export async function readSoundClip(path: string): Promise<SoundClip> {
  const name = basename(path);
  const decoded = wav.decode(await readFile(path));
  if (decoded.sampleRate !== SAMPLE_RATE) {
    throw new Error(`${name} is ${decoded.sampleRate} Hz; the bot sends 48 kHz. Convert it first, e.g. sox ${name} -r 48000 out.wav`);
  }
  const channels = decoded.channelData;
  const length = channels[0]?.length ?? 0;
  if (length === 0) throw new Error(`${name} holds no sound.`);
  const samples = new Float32Array(length);
  for (const channel of channels) for (let i = 0; i < length; i++) samples[i]! += (channel[i] ?? 0) / channels.length;
  return { name, samples };
}

/** Plays a clip in a loop as 10 ms frames of 16-bit PCM; `process` may rewrite each frame first (noise suppression). */
export class ClipPlayer {
  readonly #clip: Float32Array;
  readonly #frame = new Float32Array((SAMPLE_RATE * AUDIO_FRAME_MS) / 1000);
  readonly #pcm = new Int16Array(this.#frame.length);
  readonly #process: ((frame: Float32Array) => void) | null;
  #at = 0;

  constructor(clip: SoundClip, process: ((frame: Float32Array) => void) | null = null) {
    this.#clip = clip.samples;
    this.#process = process;
  }

  next(): PcmFrame {
    const frame = this.#frame;
    for (let i = 0; i < frame.length; i++) {
      frame[i] = this.#clip[this.#at] ?? 0;
      this.#at = (this.#at + 1) % this.#clip.length;
    }
    this.#process?.(frame);
    for (let i = 0; i < frame.length; i++) this.#pcm[i] = Math.round(Math.max(-1, Math.min(1, frame[i] ?? 0)) * 32767);
    return { samples: this.#pcm, sampleRate: SAMPLE_RATE, bitsPerSample: 16, channelCount: 1, numberOfFrames: frame.length };
  }
}
