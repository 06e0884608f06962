import type { Page } from '@playwright/test';

/**
 * When something showed on a page, read by the page itself: Playwright's polling of a page starved
 * by a busy machine looks up to a second apart, which is no measure of what a person saw. All
 * pages run on this machine, so their Date.now() clocks agree.
 */

interface Watches {
  __shownAt?: Record<string, Promise<number>>;
  __clickedAt?: Record<string, number>;
}

/** How long a watch waits before it gives up (it then reads as never: Infinity). */
const GIVE_UP_MS = 15_000;

/**
 * Starts watching `page` for an element matching `selector` (absent: `gone`; with `text`, one
 * whose text contains it, so a message shown for a few seconds is caught even when the test
 * looks later); `read()` resolves with the wall-clock ms when it first did, or Infinity if it
 * never did within 15 s.
 */
export async function watchShown(
  page: Page,
  selector: string,
  { gone = false, text }: { gone?: boolean; text?: string } = {},
): Promise<() => Promise<number>> {
  const key = `${selector}|${gone}|${text}|${Math.random()}`;
  await page.evaluate(
    ({ key, selector, gone, text, giveUpMs }) => {
      const watches = window as unknown as Watches;
      watches.__shownAt ??= {};
      watches.__shownAt[key] = new Promise<number>((resolve) => {
        const present = () =>
          [...document.querySelectorAll(selector)].some((element) => text === undefined || (element.textContent ?? '').includes(text));
        const done = () => present() !== gone;
        if (done()) {
          resolve(Date.now());
          return;
        }
        const observer = new MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          resolve(Date.now());
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        setTimeout(() => {
          observer.disconnect();
          resolve(Number.POSITIVE_INFINITY);
        }, giveUpMs);
      });
    },
    { key, selector, gone, text, giveUpMs: GIVE_UP_MS },
  );
  return () => page.evaluate((key) => (window as unknown as Watches).__shownAt![key]!, key);
}

/** Notes when the element with `testId` is next clicked on `page` (as the page saw it); `read()` gives that time. */
export async function watchClick(page: Page, testId: string): Promise<() => Promise<number>> {
  await page.evaluate((testId) => {
    const watches = window as unknown as Watches;
    watches.__clickedAt ??= {};
    delete watches.__clickedAt[testId];
    document.addEventListener(
      'click',
      (event) => {
        if ((event.target as Element | null)?.closest(`[data-testid="${testId}"]`)) watches.__clickedAt![testId] ??= Date.now();
      },
      { capture: true },
    );
  }, testId);
  return () => page.evaluate((testId) => (window as unknown as Watches).__clickedAt?.[testId] ?? Number.NaN, testId);
}
