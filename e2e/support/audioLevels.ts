import type { Locator } from '@playwright/test';

/**
 * What a person hears of one tile, block by block: the RMS level (dBFS) of every 2048-sample
 * block (≈43 ms at 48 kHz) of the audio the tile's element plays, recorded for `seconds`, in the
 * viewer's page (Web Audio: MediaStreamAudioSourceNode → ScriptProcessorNode, which sees every
 * block in order, none skipped, however busy the page).
 */
export async function recordLevels(tile: Locator, seconds: number): Promise<number[]> {
  return tile.locator('video').evaluate(
    (element: HTMLVideoElement, ms: number) =>
      new Promise<number[]>((resolve, reject) => {
        const stream = element.srcObject instanceof MediaStream ? element.srcObject : null;
        const track = stream?.getAudioTracks()[0];
        if (!track) {
          reject(new Error('the tile plays no audio track'));
          return;
        }
        const context = new AudioContext({ sampleRate: 48_000 });
        const source = context.createMediaStreamSource(new MediaStream([track]));
        const recorder = context.createScriptProcessor(2048, 1, 1);
        const levels: number[] = [];
        recorder.onaudioprocess = (event) => {
          const samples = event.inputBuffer.getChannelData(0);
          let sum = 0;
          for (const sample of samples) sum += sample * sample;
          levels.push(10 * Math.log10(sum / samples.length + 1e-12));
        };
        source.connect(recorder);
        recorder.connect(context.destination); // a ScriptProcessorNode runs only while connected
        setTimeout(() => {
          source.disconnect();
          recorder.disconnect();
          void context.close();
          resolve(levels);
        }, ms);
      }),
    seconds * 1000,
  );
}

/** The level below which `fraction` of the blocks lie (levels in dB, fraction in [0, 1]). */
export function percentile(levels: readonly number[], fraction: number): number {
  const sorted = [...levels].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(fraction * (sorted.length - 1))))]!;
}

/**
 * Speech and noise levels of a recording where the speaker talks about half the time over steady
 * noise, found without aligning anything: the loudest blocks (90th percentile) are speech, the
 * quietest (20th) the noise in the pauses. Their difference is the signal-to-noise ratio a
 * listener gets, in dB.
 */
export function speechAndNoise(levels: readonly number[]): { speech: number; noise: number; snr: number } {
  const speech = percentile(levels, 0.9);
  const noise = percentile(levels, 0.2);
  return { speech, noise, snr: speech - noise };
}
