import { randomRoomId } from '../support/browsers.js';
import { expectSeesAndHears } from '../support/call.js';
import { recordLevels, speechAndNoise } from '../support/audioLevels.js';
import { makeNoisySpeech } from '../support/noisySpeech.js';
import { expect, test } from '../support/fixtures.js';

/**
 * RNNoise on the sender's microphone, judged where it matters: by the listener. The sender's fake
 * microphone plays a sentence with pauses over pink noise; the listener's page records the level of
 * what it plays with suppression on (the default) and off (the browser's own suppressor instead).
 */

test.describe('noise suppression', () => {
  test('removes the noise around speech for the listener, keeps the speech, and is remembered', async ({ parley, people }) => {
    test.setTimeout(120_000);
    const speech = await makeNoisySpeech(test.info().outputPath('noisy-speech'));
    // A whole cycle of sentence and pause (the file loops), so every recording holds both.
    const listenSeconds = speech.speechSeconds + speech.pauseSeconds + 1;
    const room = randomRoomId();
    const [ada] = await people.launchWith([`--use-file-for-fake-audio-capture=${speech.path}`], 'Ada');
    const [bob] = await people.launch('Bob');
    await Promise.all([ada!.join(parley.url, room), bob!.join(parley.url, room)]);
    await expectSeesAndHears(bob!, ada!);

    // On by default: the switch under the microphone says so, and runs.
    await ada!.page.getByTestId('devices-toggle').click();
    const toggle = ada!.page.getByTestId('noise-suppression-toggle');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(toggle).toHaveAttribute('data-status', 'on');
    const on = speechAndNoise(await recordLevels(bob!.tileOf('Ada'), listenSeconds));

    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect(toggle).toHaveAttribute('data-status', 'off');
    const off = speechAndNoise(await recordLevels(bob!.tileOf('Ada'), listenSeconds));

    const where = JSON.stringify({ on, off });
    console.log(`noise suppression, Bob hearing Ada (dBFS): ${where}`);
    expect(on.snr - off.snr, where).toBeGreaterThanOrEqual(6);
    expect(on.noise, where).toBeLessThanOrEqual(off.noise - 10); // the noise between the words
    expect(on.speech, where).toBeGreaterThan(off.speech - 3); // and the words as loud as before

    // Remembered: Ada's next visit starts with it off.
    await ada!.page.reload();
    await ada!.page.getByTestId('lobby-devices').click();
    await expect(ada!.page.getByTestId('noise-suppression-toggle')).toHaveAttribute('aria-pressed', 'false');
  });
});
