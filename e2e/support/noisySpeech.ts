import { execFile } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What the fake microphone plays: speech and pauses, all of it over steady noise. */
export interface NoisySpeech {
  /** 48 kHz mono 16-bit WAV for Chromium's --use-file-for-fake-audio-capture (it loops). */
  path: string;
  /** The same samples without a header (signed 16-bit little-endian), for a PulseAudio pipe source. */
  rawPath: string;
  /** Seconds of speech in each cycle and of pause after it. */
  speechSeconds: number;
  pauseSeconds: number;
}

const SENTENCE = 'The quick brown fox jumps over the lazy dog, and then it runs far away into the forest.';
const PAUSE_SECONDS = 2.5;

/**
 * Made offline on this machine, nothing downloaded: espeak-ng says a sentence, sox pads it with a
 * pause, repeats it, and mixes in pink noise about 12 dB below the speech.
 */
export async function makeNoisySpeech(dir: string): Promise<NoisySpeech> {
  await mkdir(dir, { recursive: true });
  const speech = join(dir, 'speech-22k.wav');
  const cycle = join(dir, 'speech-cycle.wav');
  const noise = join(dir, 'noise.wav');
  const path = join(dir, 'noisy-speech.wav');
  await run('espeak-ng', ['-v', 'en-us', '-s', '160', '-w', speech, SENTENCE]);
  // Speech at 48 kHz, normalised to −14 dBFS peak, then a pause; twice.
  await run('sox', [speech, '-r', '48000', '-c', '1', '-b', '16', cycle, 'norm', '-14', 'pad', '0', String(PAUSE_SECONDS), 'repeat', '1']);
  const seconds = Number((await run('soxi', ['-D', cycle])).stdout.trim());
  await run('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', noise, 'synth', String(seconds), 'pinknoise', 'vol', '0.06']);
  await run('sox', ['-m', cycle, noise, '-b', '16', path]);
  const rawPath = join(dir, 'noisy-speech.s16le');
  await run('sox', [path, '-t', 'raw', '-e', 'signed', '-b', '16', '-L', rawPath]);
  await stat(rawPath);
  return { path, rawPath, speechSeconds: seconds / 2 - PAUSE_SECONDS, pauseSeconds: PAUSE_SECONDS };
}
