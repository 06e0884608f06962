import { randomRoomId } from '../support/browsers.js';
import { expectSeesAndHears, MEDIA_TIMEOUT, observe } from '../support/call.js';
import { SILENCE_ENERGY } from '../support/media.js';
import { expect, test } from '../support/fixtures.js';

test.describe('call controls', () => {
  test('muting the mic silences you and turning the camera off stops your picture, for the other person', async ({ parley, people }) => {
    const room = randomRoomId();
    const [ada, bob] = await people.launch('Ada', 'Bob');
    await Promise.all([ada!.join(parley.url, room), bob!.join(parley.url, room)]);
    await expectSeesAndHears(bob!, ada!);
    await expect(bob!.tileOf('Ada').getByText('A', { exact: true })).toBeHidden(); // her picture, not her initial
    const poll = { timeout: MEDIA_TIMEOUT, intervals: [250, 500, 1_000] };

    // Mic off: Bob hears silence (no audio energy), while Ada's picture still moves; her tab says so.
    await expect(ada!.page).toHaveTitle(`${room} — Parley`);
    await expect(ada!.page.getByTestId('muted-speaking-hint')).toHaveCount(0);
    await ada!.page.getByTestId('mic-toggle').click();
    await expect(ada!.page).toHaveTitle(`Muted · ${room} — Parley`);
    await expect(async () => {
      const { shown, stats, where } = await observe(bob!, ada!);
      expect(stats.delta.totalAudioEnergy, where).toBeLessThan(SILENCE_ENERGY);
      expect(shown.frames, where).toBeGreaterThan(5);
    }).toPass(poll);

    // Ada's (fake) microphone keeps sounding while muted: her screen says nobody hears her (Bob
    // still hears silence, above), and offers to unmute. It said nothing while she was unmuted.
    const hint = ada!.page.getByTestId('muted-speaking-hint');
    await expect(hint).toContainText('You are muted. Nobody hears you.', { timeout: 5_000 });

    // Mic back on from the hint, camera off: the picture stops (at most a stray frame) while the sound is back.
    await hint.getByTestId('muted-speaking-unmute').click();
    await expect(hint).toHaveCount(0);
    await expect(ada!.page.getByTestId('mic-toggle')).toHaveAttribute('aria-pressed', 'true');
    await ada!.page.getByTestId('camera-toggle').click();
    await expect(async () => {
      const { shown, stats, where } = await observe(bob!, ada!);
      expect(shown.frames, where).toBeLessThanOrEqual(1);
      expect(stats.delta.framesDecoded, where).toBeLessThanOrEqual(2);
      expect(stats.delta.totalAudioEnergy, where).toBeGreaterThan(SILENCE_ENERGY);
    }).toPass(poll);
    // Instead of a frozen frame, Bob sees Ada's initial, and her connection details no picture size.
    const adaInitial = bob!.tileOf('Ada').getByText('A', { exact: true });
    await expect(adaInitial).toBeVisible();
    await bob!.page.getByTestId('stats-toggle').click();
    await expect(bob!.tileOf('Ada').locator('[data-stat="resolution"] dd')).toHaveText('–');
    await bob!.page.getByTestId('stats-toggle').click();

    // Camera on again: Bob sees and hears Ada as before.
    await ada!.page.getByTestId('camera-toggle').click();
    await expectSeesAndHears(bob!, ada!);
    await expect(adaInitial).toBeHidden();
  });
});
