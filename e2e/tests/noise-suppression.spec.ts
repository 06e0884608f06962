import type { Locator } from '@playwright/test';
import { randomRoomId } from '../support/browsers.js';
import { expectSeesAndHears } from '../support/call.js';
import { recordLevels, speechAndNoise } from '../support/audioLevels.js';
import { makeNoisySpeech } from '../support/noisySpeech.js';
import { expect, test } from '../support/fixtures.js';
import { FirefoxPerson, REAL_DEVICES } from '../support/firefox.js';
import { PulseAudio } from '../support/pulseAudio.js';

/**
 * RNNoise on the sender's microphone, judged where it matters: by the listener. The sender's fake
 * microphone plays a sentence with pauses over pink noise; the listener's page records the level of
 * what it plays with suppression on (the default) and off (the browser's own suppressor instead).
 */

type Levels = ReturnType<typeof speechAndNoise>;

/** The listener's SNR at least 6 dB better, the noise between words at least 6 dB lower, the words as loud (within 3 dB). */
function expectNoiseRemoved(on: Levels, off: Levels, who: string): void {
  const where = `${who}, dBFS: ${JSON.stringify({ on, off })}`;
  test.info().annotations.push({ type: 'noise suppression', description: where });
  console.log(`[noise] ${where}`);
  expect(on.snr - off.snr, where).toBeGreaterThanOrEqual(6);
  expect(on.noise, where).toBeLessThanOrEqual(off.noise - 6);
  expect(on.speech, where).toBeGreaterThan(off.speech - 3);
}

/**
 * Records what the listener hears of `tile` once the sender's switch has settled: a browser that
 * captures the microphone again (the switch does) may send silence for its first second or two.
 */
async function levelsAfterSwitch(tile: Locator, seconds: number): Promise<Levels> {
  await expect(async () => expect(Math.max(...(await recordLevels(tile, 1)))).toBeGreaterThan(-50)).toPass({ timeout: 15_000 });
  return speechAndNoise(await recordLevels(tile, seconds));
}

test.describe('noise suppression', () => {
  test('removes the noise around speech for the listener, keeps the speech, and is remembered', async ({ parley, people }) => {
    test.setTimeout(120_000);
    const speech = await makeNoisySpeech(test.info().outputPath('noisy-speech'));
    // A whole cycle of sentence and pause (the file loops), so every recording holds both.
    const listenSeconds = speech.speechSeconds + speech.pauseSeconds + 1;
    const room = randomRoomId();
    const [ada] = await people.launchWithNoiseSuppression([`--use-file-for-fake-audio-capture=${speech.path}`], 'Ada');
    const [bob] = await people.launch('Bob');
    await Promise.all([ada!.join(parley.url, room), bob!.join(parley.url, room)]);
    await expectSeesAndHears(bob!, ada!);

    // On by default: the switch under the microphone says so, and runs.
    await ada!.page.getByTestId('devices-toggle').click();
    const toggle = ada!.page.getByTestId('noise-suppression-toggle');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(toggle).toHaveAttribute('data-status', 'on');
    const on = await levelsAfterSwitch(bob!.tileOf('Ada'), listenSeconds);

    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect(toggle).toHaveAttribute('data-status', 'off');
    const off = await levelsAfterSwitch(bob!.tileOf('Ada'), listenSeconds);

    expectNoiseRemoved(on, off, 'Bob hearing Ada (Chromium)');

    // Remembered: Ada's next visit starts with it off.
    await ada!.page.reload();
    await ada!.page.getByTestId('lobby-devices').click();
    await expect(ada!.page.getByTestId('noise-suppression-toggle')).toHaveAttribute('aria-pressed', 'false');
  });

  test('in Firefox too: its real capture path, the worklet and the WebAssembly, heard in Chromium', async ({ parley, people }) => {
    test.setTimeout(120_000);
    const speech = await makeNoisySpeech(test.info().outputPath('noisy-speech'));
    const listenSeconds = speech.speechSeconds + speech.pauseSeconds + 1;
    // Firefox's microphone is a PulseAudio source playing the recording; it has no camera.
    const pulse = await PulseAudio.start(test.info().outputPath('pulse'), speech.rawPath);
    let fox: FirefoxPerson | null = null;
    try {
      fox = await FirefoxPerson.launch('Fox', REAL_DEVICES, pulse.env);
      const room = randomRoomId('firefox');
      const [bob] = await people.launch('Bob');
      await bob!.join(parley.url, room);
      await fox.join(parley.url, room);
      await expect(bob!.tileOf('Fox')).toHaveCount(1, { timeout: 20_000 });
      // Bob listens without a word: his fake microphone's beeps, played by Firefox, would be the far
      // end of Firefox's echo canceller, which then reshapes the noise on Fox's microphone into
      // something RNNoise takes more than a pause to learn (the noise between words then came
      // through 20 dB louder in some runs). Talking over each other is not what this measures.
      await bob!.page.getByTestId('mic-toggle').click();

      await fox.page.click('[data-testid="devices-toggle"]');
      // Serialized into the page: self-contained.
      const status = (wanted: string) =>
        document.querySelector('[data-testid="noise-suppression-toggle"]')?.getAttribute('data-status') === wanted;
      await fox.until('noise suppression on', status, 'on');
      const on = await levelsAfterSwitch(bob!.tileOf('Fox'), listenSeconds);
      await fox.page.click('[data-testid="noise-suppression-toggle"]');
      await fox.until('noise suppression off', status, 'off');
      const off = await levelsAfterSwitch(bob!.tileOf('Fox'), listenSeconds);
      expectNoiseRemoved(on, off, 'Bob hearing Fox (Firefox)');
    } finally {
      await fox?.close();
      await pulse.stop();
    }
  });
});
