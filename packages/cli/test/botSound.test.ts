import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wav from 'node-wav';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Denoiser } from '@parley/client/noise';
import { ClipPlayer, readSoundClip } from '../src/media/soundClip.js';
import { EXIT } from '../src/errors.js';
import { runParley, useParleyServer } from './support.js';

/** Deterministic white noise (xorshift), so a failure reproduces. */
function noise(length: number, amplitude: number): Float32Array {
  let state = 7;
  return Float32Array.from({ length }, () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 0xffffffff - 0.5) * 2 * amplitude;
  });
}

function rmsDbfs(samples: ArrayLike<number>, scale = 1): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i]! / scale) ** 2;
  return 10 * Math.log10(sum / samples.length + 1e-20);
}

let dir: string;
let noisy: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-bot-sound-'));
  noisy = join(dir, 'noise.wav');
  // Two channels of steady noise, about −23 dBFS: what a fan or a street sounds like to a microphone.
  await writeFile(noisy, wav.encode([noise(48_000 * 2, 0.12), noise(48_000 * 2, 0.12)], { sampleRate: 48_000, bitDepth: 16 }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the bot’s recording', () => {
  it('is read as 48 kHz mono, refused at another rate with how to convert it, and played in a loop', async () => {
    const clip = await readSoundClip(noisy);
    expect(clip).toMatchObject({ name: 'noise.wav' });
    expect(clip.samples).toHaveLength(96_000);

    const other = join(dir, 'cd.wav');
    await writeFile(other, wav.encode([noise(4_410, 0.1)], { sampleRate: 44_100, bitDepth: 16 }));
    await expect(readSoundClip(other)).rejects.toThrow(/cd\.wav is 44100 Hz; the bot sends 48 kHz\. Convert it first, e\.g\. sox/);

    const short = { name: 'short', samples: Float32Array.from({ length: 700 }, (_, i) => i / 1000) };
    const player = new ClipPlayer(short);
    const first = Array.from(player.next().samples);
    const second = Array.from(player.next().samples);
    expect(first).toHaveLength(480);
    expect(second[219]).toBe(Math.round((699 / 1000) * 32767)); // the clip's last sample
    expect(second[220]).toBe(0); // and its first again
  });

  it('loses its steady noise through RNNoise', async () => {
    const denoiser = await Denoiser.load();
    try {
      const player = new ClipPlayer(await readSoundClip(noisy), (frame) => denoiser.process(frame));
      const frames = Array.from({ length: 300 }, () => Int16Array.from(player.next().samples)); // 3 s
      const settled = frames.slice(100).flatMap((frame) => Array.from(frame));
      const level = rmsDbfs(settled, 32_768);
      expect(level, `${level.toFixed(1)} dBFS out of about −23 in`).toBeLessThan(-33);
    } finally {
      denoiser.destroy();
    }
  });
});

describe('parley bot --audio FILE --noise-suppression, heard by another bot', () => {
  const server = useParleyServer();

  /** The loudest 10 ms of Noisy at the listener over its last three reports (dBFS), and the whole output. */
  async function heardLevel(room: string, extra: string[]): Promise<{ peak: number; output: string }> {
    const link = `${server().url()}/r/${room}`;
    const common = ['--video', 'none', '--duration', '7'];
    const [, listener] = await Promise.all([
      runParley(['bot', link, ...common, '--name', 'Noisy', '--audio', noisy, ...extra]),
      runParley(['bot', link, ...common, '--name', 'Ear', '--audio', 'none', '--report', '1']),
    ]);
    expect(listener.code, listener.stderr).toBe(EXIT.ok);
    const peaks = [...listener.stdout.matchAll(/received from Noisy: .*peak (-?[\d.]+) dBFS/g)].map((match) => Number(match[1]));
    expect(peaks.length, listener.stdout).toBeGreaterThanOrEqual(3);
    return { peak: Math.max(...peaks.slice(-3)), output: listener.stdout };
  }

  it('sends the recording, and with noise suppression the listener hears its noise at least 10 dB lower', async () => {
    const [plain, cleaned] = await Promise.all([heardLevel('bot-plain', []), heardLevel('bot-cleaned', ['--noise-suppression'])]);
    const where = `plain ${plain.peak} dBFS, cleaned ${cleaned.peak} dBFS\n${plain.output}\n${cleaned.output}`;
    expect(plain.peak, where).toBeGreaterThan(-30);
    expect(cleaned.peak, where).toBeLessThan(plain.peak - 10);
  });

  it('refuses noise suppression without a recording, and a recording that is not there', async () => {
    const link = `${server().url()}/r/bot-flags`;
    const tone = await runParley(['bot', link, '--noise-suppression']);
    expect(tone.code).toBe(EXIT.usage);
    expect(tone.stderr).toMatch(/--noise-suppression cleans a recording: use it with --audio FILE\.wav/);
    const missing = await runParley(['bot', link, '--audio', join(dir, 'nothing.wav')]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toMatch(/--audio: .*nothing\.wav does not exist/);
  });
});
