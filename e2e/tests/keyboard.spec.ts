import type { Page } from '@playwright/test';
import { randomRoomId } from '../support/browsers.js';
import { MEDIA_TIMEOUT } from '../support/call.js';
import { expect, test } from '../support/fixtures.js';

/** Presses Tab until the element `testId` has the focus (at most `max` times); fails otherwise. */
async function tabTo(page: Page, testId: string, max = 40): Promise<void> {
  for (let presses = 0; presses < max; presses += 1) {
    if (await page.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, testId)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId} in ${max} presses`);
}

/** The focused element draws a focus ring a person can see: an outline on it, or on its icon (the call's round controls). */
async function expectVisibleFocus(page: Page): Promise<void> {
  const ring = await page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return 'nothing focused';
    const outlined = (target: Element | null) => {
      if (!target) return false;
      const style = getComputedStyle(target);
      return style.outlineStyle !== 'none' && style.outlineWidth !== '0px';
    };
    return outlined(element) || outlined(element.querySelector(':scope > svg'))
      ? 'ring'
      : `no outline on ${element.outerHTML.slice(0, 80)}`;
  });
  expect(ring).toBe('ring');
}

test.describe('keyboard', () => {
  test('with Tab, Enter and Space only: home, a new meeting, the lobby, the call, its shortcuts, and out', async ({ parley, people }) => {
    const [ada] = await people.launch('Ada');
    const page = ada!.page;
    await page.goto(parley.url);
    await tabTo(page, 'new-meeting-button');
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    // The lobby puts the cursor in the name field.
    await expect(page.getByTestId('name-input')).toBeFocused({ timeout: 15_000 });
    await page.keyboard.type('Ada');
    await expect(page.getByTestId('join-button')).toBeEnabled({ timeout: 15_000 });
    await tabTo(page, 'join-button');
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('leave-button')).toBeVisible({ timeout: 15_000 });

    // Shortcuts: M mutes, V turns the camera off and on, ? lists them all.
    const mic = page.getByTestId('mic-toggle');
    await expect(mic).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('m');
    await expect(mic).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.press('m');
    await expect(mic).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('v');
    await expect(page.getByTestId('camera-toggle')).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.press('v');
    await expect(page.getByTestId('camera-toggle')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Shift+Slash');
    const help = page.getByTestId('shortcuts-dialog');
    await expect(help).toBeVisible();
    await expect(help).toContainText('Hold to talk while muted');
    await page.keyboard.press('Escape');
    await expect(help).toHaveCount(0);
    // H raises the hand, C opens the chat (and typing there types, not shortcuts), Escape closes it.
    await page.keyboard.press('h');
    await expect(page.getByTestId('raise-hand-toggle')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('c');
    await expect(page.getByTestId('chat-input')).toBeFocused();
    await page.keyboard.type('mvh');
    await expect(page.getByTestId('chat-input')).toHaveValue('mvh');
    await expect(mic).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Escape');

    // Every control on the way to Leave takes the focus with a ring; Space presses Leave.
    await tabTo(page, 'leave-button');
    await expectVisibleFocus(page);
    await page.keyboard.press('Space');
    await expect(page.getByTestId('left-screen')).toBeVisible();
  });

  test('push to talk: holding Space while muted lets the others hear you, releasing mutes again', async ({ parley, people }) => {
    const room = randomRoomId('ptt');
    const [ada, bob] = await people.launch('Ada', 'Bob');
    for (const person of [ada!, bob!]) await person.join(parley.url, room);
    await expect(bob!.tileOf('Ada')).toHaveCount(1, { timeout: MEDIA_TIMEOUT });
    const page = ada!.page;
    const adaOnBob = bob!.tileOf('Ada');
    // Focus on the page, not on a control (where Space presses the control).
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('m');
    await expect(adaOnBob).toHaveAttribute('data-muted', 'true');
    await page.keyboard.down(' ');
    await expect(page.getByTestId('mic-toggle')).toHaveAttribute('aria-pressed', 'true');
    await expect(adaOnBob).toHaveAttribute('data-muted', 'false');
    await page.keyboard.up(' ');
    await expect(page.getByTestId('mic-toggle')).toHaveAttribute('aria-pressed', 'false');
    await expect(adaOnBob).toHaveAttribute('data-muted', 'true');
  });
});
