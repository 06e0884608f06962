import type { Locator } from '@playwright/test';
import { randomRoomId } from '../support/browsers.js';
import { MEDIA_TIMEOUT } from '../support/call.js';
import { expect, test } from '../support/fixtures.js';
import { launchCrowd } from '../support/meeting.js';

async function area(tile: Locator): Promise<number> {
  const box = await tile.boundingBox();
  if (!box) throw new Error('the tile is not on screen');
  return box.width * box.height;
}

// Three browsers and many steps on two cores: room to breathe.
test.describe.configure({ timeout: 120_000 });

test.describe('layouts', () => {
  test('speaker view and pin change what is large; tiles without video and your own can be hidden; the mini window opens with Mute and Leave', async ({
    parley,
    people,
  }) => {
    const room = randomRoomId('layouts');
    // Small cameras, one microphone (launchCrowd): three browsers on two cores, with the room this
    // test's many steps need; layout is about tiles, whatever their resolution.
    const [ada, bob, cyd] = await launchCrowd(people, 'Ada', 'Bob', 'Cyd');
    for (const person of [ada!, bob!, cyd!]) await person.page.setViewportSize({ width: 1280, height: 720 });
    for (const person of [ada!, bob!, cyd!]) await person.join(parley.url, room);
    await expect(ada!.tiles).toHaveCount(2, { timeout: MEDIA_TIMEOUT });
    const page = ada!.page;
    const [bobTile, cydTile] = [ada!.tileOf('Bob'), ada!.tileOf('Cyd')];

    // The grid: everyone the same size.
    await expect(page.locator('[data-layout="grid"]')).toHaveCount(1);
    const gridRatio = (await area(bobTile)) / (await area(cydTile));
    expect(gridRatio).toBeGreaterThan(0.8);
    expect(gridRatio).toBeLessThan(1.25);

    // Pin Cyd: Cyd alone is large, the others in the strip.
    await cydTile.hover();
    await cydTile.getByTestId('pin-button').click();
    await expect(cydTile).toHaveAttribute('data-pinned', 'true');
    await expect(page.getByTestId('stage-large').getByTestId('participant-tile')).toHaveAttribute('data-participant-name', 'Cyd');
    expect(await area(cydTile)).toBeGreaterThan(3 * (await area(bobTile)));
    await expect(page.getByTestId('layout-toggle')).toHaveAttribute('aria-pressed', 'true');

    // Pin Bob instead: Bob is large now.
    await bobTile.hover();
    await bobTile.getByTestId('pin-button').click();
    await expect(page.getByTestId('stage-large').getByTestId('participant-tile')).toHaveAttribute('data-participant-name', 'Bob');
    expect(await area(bobTile)).toBeGreaterThan(3 * (await area(cydTile)));

    // The layout toggle goes back to the grid (and unpins).
    await page.getByTestId('layout-toggle').click();
    await expect(page.locator('[data-layout="grid"]')).toHaveCount(1);
    await expect(page.getByTestId('stage-large')).toHaveCount(0);
    await expect(bobTile).toHaveAttribute('data-pinned', 'false');

    // Bob turns his camera off; hiding tiles without video leaves him out and says so.
    await bob!.page.getByTestId('camera-toggle').click();
    await page.getByTestId('hide-no-video-toggle').click();
    await expect(bobTile).toHaveCount(0);
    await expect(page.getByTestId('hidden-count')).toHaveText('1 without video hidden');
    await expect(cydTile).toHaveCount(1);
    await page.getByTestId('hide-no-video-toggle').click();
    await expect(bobTile).toHaveCount(1);

    // Your own tile minimised, then back.
    await page.getByTestId('self-view-toggle').click();
    await expect(page.getByTestId('self-tile')).toHaveCount(0);
    await page.getByTestId('self-view-toggle').click();
    await expect(page.getByTestId('self-tile')).toHaveCount(1);

    // The mini window: Document Picture-in-Picture in this Chromium, with the call's video, Mute and Leave.
    const pip = page.getByTestId('pip-button');
    await expect(pip).toBeVisible();
    const supports = await page.evaluate(() => 'documentPictureInPicture' in window);
    test.info().annotations.push({ type: 'Document Picture-in-Picture', description: String(supports) });
    if (supports) {
      await pip.click();
      await expect(pip).toHaveAttribute('aria-pressed', 'true');
      const mini = () =>
        page.evaluate(() => {
          const win = (window as unknown as { documentPictureInPicture: { window: Window | null } }).documentPictureInPicture.window;
          const video = win?.document.querySelector('video');
          return {
            open: win !== null,
            buttons: [...(win?.document.querySelectorAll('button') ?? [])].map((b) => b.textContent),
            playing: video ? video.readyState >= 2 && video.videoWidth > 0 && !video.paused : false,
          };
        });
      await expect.poll(mini, { timeout: 10_000 }).toEqual({ open: true, buttons: ['Mute', 'Leave'], playing: true });
      await page.evaluate(() => {
        const win = (window as unknown as { documentPictureInPicture: { window: Window | null } }).documentPictureInPicture.window;
        (win?.document.querySelector('[data-testid="mini-mute"]') as HTMLButtonElement).click();
      });
      await expect(page.getByTestId('mic-toggle')).toHaveAttribute('aria-pressed', 'false');
    } else {
      await pip.click();
      await expect.poll(() => page.evaluate(() => document.pictureInPictureElement !== null)).toBe(true);
    }
  });
});
