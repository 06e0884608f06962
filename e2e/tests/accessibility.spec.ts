import { Signaling } from '@parley/client';
import { expectNoSeriousViolations } from '../support/axe.js';
import { randomRoomId } from '../support/browsers.js';
import { expect, test } from '../support/fixtures.js';

test.describe('accessibility', () => {
  test('home, lobby and call with each panel: no serious axe violation; the keyboard reaches what it needs', async ({ parley, people }) => {
    const [ada] = await people.launch('Ada');
    const page = ada!.page;
    const room = randomRoomId('a11y');
    const bob = new Signaling({ serverUrl: parley.url });
    const carl = new Signaling({ serverUrl: parley.url });
    try {
      for (const lang of ['en', 'ko'] as const) {
        await page.goto(parley.url);
        await page.getByTestId('language-select').selectOption(lang);
        await expectNoSeriousViolations(page, `home (${lang})`);
      }
      await page.getByTestId('language-select').selectOption('en');

      // The lobby puts the cursor in the name field: type and press Enter.
      await page.goto(new URL(`/r/${room}`, parley.url).toString());
      await expect(page.getByTestId('name-input')).toBeFocused();
      await expect(page.getByTestId('join-button')).toBeEnabled({ timeout: 15_000 });
      await expectNoSeriousViolations(page, 'lobby');
      await page.keyboard.type('Ada');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('leave-button')).toBeVisible({ timeout: 15_000 });

      await bob.connect();
      // Signaling-only stand-ins send no media at all, so nothing unencrypted enters Ada's encrypted meeting.
      await bob.request('join', { room, name: 'Bob', encryptsMedia: true });
      await expect(ada!.tiles).toHaveCount(1);
      await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
      await expectNoSeriousViolations(page, 'call');

      // Opening chat puts the cursor in its input; Escape closes it and gives focus back to its button.
      await page.getByTestId('chat-toggle').click();
      await expect(page.getByTestId('chat-input')).toBeFocused();
      await expectNoSeriousViolations(page, 'call with chat open');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('chat-panel')).toHaveCount(0);
      await expect(page.getByTestId('chat-toggle')).toBeFocused();

      await page.getByTestId('participants-toggle').click();
      await expect(page.getByTestId('participants-panel')).toBeVisible();
      await expect(page.getByTestId('participants-panel')).toBeFocused();
      await expectNoSeriousViolations(page, 'call with participants open');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('participants-panel')).toHaveCount(0);
      await expect(page.getByTestId('participants-toggle')).toBeFocused();

      // Someone knocking: the host's notice with Admit and Deny, and the count on People.
      await page.getByTestId('participants-toggle').click();
      await page.getByTestId('waiting-room-toggle').check();
      await page.keyboard.press('Escape');
      await carl.connect();
      await expect(carl.request('join', { room, name: 'Carl', encryptsMedia: true })).rejects.toMatchObject({ code: 'waiting-for-host' });
      await expect(page.getByTestId('waiting-notice')).toContainText('Carl is waiting to join');
      await expectNoSeriousViolations(page, 'call with someone waiting');

      // The reactions tray, reached and used by keyboard.
      await page.getByTestId('reaction-button').focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('reaction-panel')).toBeFocused();
      await expectNoSeriousViolations(page, 'call with the reactions tray open');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('self-tile').getByTestId('tile-reaction')).toHaveAttribute('data-reaction', 'thumbs-up');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('reaction-button')).toBeFocused();

      // The call with someone waiting and the people panel open, in Korean: labels, contrast and names hold there too.
      await page.getByTestId('language-select').selectOption('ko');
      await page.getByTestId('participants-toggle').click();
      await expect(page.getByTestId('participants-panel')).toBeVisible();
      await expectNoSeriousViolations(page, 'call with people open and someone waiting (ko)');
      await page.getByTestId('language-select').selectOption('en');
    } finally {
      bob.close();
      carl.close();
    }
  });
});
