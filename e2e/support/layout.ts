import { expect, type Locator, type Page } from '@playwright/test';

export interface Box {
  what: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Bounding boxes (CSS px, viewport coordinates) of every element `locator` matches, named by `name`. */
export async function boxes(locator: Locator, name: (index: number, testId: string | null) => string): Promise<Box[]> {
  const found: Box[] = [];
  for (const [index, element] of (await locator.all()).entries()) {
    const box = await element.boundingBox();
    if (!box) continue; // not rendered
    found.push({ what: name(index, await element.getAttribute('data-testid')), ...box });
  }
  return found;
}

/** Every box lies wholly inside the viewport (nothing cut off at an edge), allowing sub-pixel rounding. */
export function expectInside(list: Box[], viewport: { width: number; height: number }, where: string): void {
  for (const box of list) {
    const detail = `${where}: ${box.what} ${JSON.stringify(box)} in ${viewport.width}×${viewport.height}`;
    expect(box.x, detail).toBeGreaterThanOrEqual(-0.5);
    expect(box.y, detail).toBeGreaterThanOrEqual(-0.5);
    expect(box.x + box.width, detail).toBeLessThanOrEqual(viewport.width + 0.5);
    expect(box.y + box.height, detail).toBeLessThanOrEqual(viewport.height + 0.5);
  }
}

/** No two boxes overlap (touching edges is fine). */
export function expectNoOverlap(list: Box[], where: string): void {
  for (const [i, a] of list.entries()) {
    for (const b of list.slice(i + 1)) {
      const overlapX = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const overlapY = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      expect(overlapX > 0.5 && overlapY > 0.5, `${where}: ${a.what} overlaps ${b.what} ${JSON.stringify({ a, b })}`).toBe(false);
    }
  }
}

/**
 * Each control would take a click at its centre: the topmost element there is the control or
 * inside it (what a person's click or tap hits, not only what is visible). Lists those covered.
 */
async function coveredControls(page: Page): Promise<string[]> {
  return page.locator('nav.controls > button').evaluateAll((buttons) =>
    buttons.flatMap((button) => {
      const box = button.getBoundingClientRect();
      if (box.width === 0) return [];
      const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
      return hit && button.contains(hit) ? [] : [`${button.getAttribute('data-testid')} under ${hit?.outerHTML.slice(0, 120)}`];
    }),
  );
}

/**
 * The call view is usable at this size: every control, tile and open side panel is fully on
 * screen, none overlaps another, every control takes a click at its centre, nothing scrolls
 * sideways, captions are whole, controls are at least 44 px tall (WCAG 2.5.5 target size) and tiles big enough to see
 * a face. Saves a screenshot for the report.
 */
export async function expectCallViewUsable(page: Page, where: string, screenshotPath: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const controls = await boxes(page.locator('nav.controls > button'), (i, id) => `control ${id ?? i}`);
  const tiles = await boxes(page.locator('.tile:not(.tile--inset)'), (i, id) => `tile ${id ?? ''}#${i}`);
  // A phone's 1:1 call lays you small over the other person on purpose (Stage's inset layout).
  const insets = await boxes(page.locator('.tile--inset'), (i, id) => `inset tile ${id ?? ''}#${i}`);
  const topBar = await boxes(page.locator('header.topbar'), () => 'top bar');
  const panels = await boxes(page.locator('aside.side'), (i, id) => `panel ${id ?? i}`);
  expect(controls.length, `${where}: controls rendered`).toBeGreaterThanOrEqual(8);
  expectInside([...controls, ...tiles, ...insets, ...topBar, ...panels], viewport, where);
  expectNoOverlap([...controls, ...tiles, ...topBar, ...panels], where);
  expectNoOverlap([...controls, ...insets, ...topBar, ...panels], where);
  expect(await coveredControls(page), `${where}: controls a click would miss`).toEqual([]);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${where}: page width (no sideways scroll)`).toBeLessThanOrEqual(viewport.width);
  for (const control of controls) expect(control.height, `${where}: ${control.what} height`).toBeGreaterThanOrEqual(44);
  // Each caption reads whole: not cut to "Microph…" on a phone.
  const clipped = await page
    .locator('nav.controls .control__caption')
    .evaluateAll((captions) =>
      captions.filter((caption) => caption.scrollWidth > caption.clientWidth + 0.5).map((caption) => caption.textContent),
    );
  expect(clipped, `${where}: captions cut short`).toEqual([]);
  for (const tile of tiles) {
    expect(tile.width, `${where}: ${tile.what} width`).toBeGreaterThanOrEqual(80);
    expect(tile.height, `${where}: ${tile.what} height`).toBeGreaterThanOrEqual(60);
  }
  await page.screenshot({ path: screenshotPath });
}
