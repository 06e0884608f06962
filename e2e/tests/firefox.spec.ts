import { randomRoomId } from '../support/browsers.js';
import { expectSeesAndHears, MEDIA_TIMEOUT } from '../support/call.js';
import { openChat, readChat, sendChat } from '../support/files.js';
import { expect, test } from '../support/fixtures.js';
import { SILENCE_ENERGY } from '../support/media.js';
import { BLOCKED_DEVICES, FirefoxPerson, watchTile, type TileWatch } from '../support/firefox.js';

/**
 * Interop: a person in Firefox ESR with a person in Chromium. Codecs, SDP and data channels differ
 * between the two engines; this is the call users make most across browsers.
 */
test.describe('Firefox', () => {
  test('a Chromium and a Firefox person see and hear each other and chat', async ({ parley, people }) => {
    test.setTimeout(90_000);
    const room = randomRoomId('firefox');
    const [ada] = await people.launch('Ada');
    const fox = await FirefoxPerson.launch('Fox');
    try {
      await ada!.join(parley.url, room);
      await fox.join(parley.url, room);

      // Chromium sees Firefox's fake camera move and hears its fake microphone (a tone).
      await expectSeesAndHears(ada!, { name: 'Fox' });
      // Firefox sees Chromium's picture move and hears its beeps.
      let seen: TileWatch | null = null;
      await expect(async () => {
        seen = await fox.page.evaluate(watchTile, 'Ada');
        const where = `Fox watching Ada: ${JSON.stringify(seen)}`;
        expect(seen, where).not.toBeNull();
        expect(seen!.videoWidth, where).toBeGreaterThan(0);
        expect(seen!.changes, where).toBeGreaterThanOrEqual(5);
        expect(seen!.paused, where).toBe(false);
        expect(seen!.framesDecoded, where).toBeGreaterThan(0);
        expect(seen!.totalAudioEnergy, where).toBeGreaterThan(SILENCE_ENERGY);
        expect(seen!.muted, where).toBe(false);
      }).toPass({ timeout: MEDIA_TIMEOUT, intervals: [250, 500, 1_000] });
      test.info().annotations.push({ type: 'firefox sees Ada', description: JSON.stringify(seen) });

      // Chat both ways over the data channel between the two engines.
      await openChat(ada!);
      await sendChat(ada!, 'hello from Chromium');
      await fox.page.click('[data-testid="chat-toggle"]');
      await fox.until('Ada’s message', () =>
        [...document.querySelectorAll('[data-testid="chat-text"]')].some((text) => text.textContent === 'hello from Chromium'),
      );
      await fox.page.type('[data-testid="chat-input"]', 'hello from Firefox');
      await fox.page.click('[data-testid="chat-send"]');
      await expect.poll(async () => (await readChat(ada!.page)).map((m) => `${m.name}: ${m.text}`)).toContain('Fox: hello from Firefox');
    } finally {
      await fox.close();
    }
  });

  test('a blocked camera and microphone: the same single explanation in Firefox, and joining still works', async ({ parley }) => {
    const fox = await FirefoxPerson.launch('Fox', BLOCKED_DEVICES);
    try {
      await fox.page.goto(new URL(`/r/${randomRoomId('firefox-blocked')}?name=Fox`, parley.url).toString());
      const lobby = await fox.until('the lobby explains the block', () => {
        const warning = document.querySelector('[data-testid="media-warning"]')?.textContent ?? '';
        const preview = document.querySelector('.lobby__preview')?.textContent ?? '';
        const pickers = ['mic-select', 'camera-select'].map((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '');
        return warning.includes('access is blocked') ? { warning, preview, pickers, page: document.body.textContent ?? '' } : null;
      });
      expect(lobby.warning).toContain('Camera and microphone access is blocked');
      expect(lobby.preview).toContain('Camera blocked');
      expect(lobby.preview).not.toContain('Camera is off');
      expect(lobby.pickers).toEqual(['Blocked in this browser', 'Blocked in this browser']);
      expect(lobby.page).not.toContain('No device found');

      await fox.until('Join enabled', () => !document.querySelector<HTMLButtonElement>('[data-testid="join-button"]')?.disabled);
      await fox.page.click('[data-testid="join-button"]');
      await fox.until('in the call, receive-only', () => document.querySelector('[data-testid="leave-button"]') !== null);
    } finally {
      await fox.close();
    }
  });
});
