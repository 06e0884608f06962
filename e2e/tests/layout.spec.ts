import { Signaling } from '@parley/client';
import { randomRoomId } from '../support/browsers.js';
import { expect, test } from '../support/fixtures.js';
import { expectCallViewUsable } from '../support/layout.js';
import { joinTogether, launchSmall } from '../support/meeting.js';

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;
const SCREENS = [...SIZES, { name: 'small laptop', width: 1024, height: 768 }] as const;

/**
 * Signaling-only members of the room (their tiles show "Connecting…"), which is all a layout
 * needs beside one real browser. Each is added to `members` before it connects, for the cleanup.
 */
async function addMembers(serverUrl: string, room: string, names: readonly string[], members: Signaling[]): Promise<void> {
  for (const name of names) {
    const member = new Signaling({ serverUrl });
    members.push(member);
    await member.connect();
    // They send no media at all: nothing unencrypted enters the browser's encrypted meeting.
    await member.request('join', { room, name, encryptsMedia: true });
  }
}

test.describe('call view layout', () => {
  test('at 390×844 and 1280×800, with 1, 2 and 6 tiles and in speaker view, nothing is cut off or overlapping', async ({
    parley,
    people,
  }, testInfo) => {
    test.setTimeout(120_000);
    const room = randomRoomId('layout');
    const [ada] = await launchSmall(people, 'Ada');
    await joinTogether(parley.url, room, [ada!]);
    const members: Signaling[] = [];
    const addLongNamed = (count: number) =>
      addMembers(
        parley.url,
        room,
        Array.from({ length: count }, (_, i) => `Member with a rather long name ${members.length + i + 1}`),
        members,
      );
    const check = async (label: string) => {
      for (const size of SIZES) {
        await ada!.page.setViewportSize({ width: size.width, height: size.height });
        const where = `${label} at ${size.width}×${size.height}`;
        await expect(async () => {
          await expectCallViewUsable(ada!.page, where, testInfo.outputPath(`${label}-${size.name}.png`));
        }).toPass({ timeout: 10_000 }); // re-layout after a resize settles within a frame or two
        await testInfo.attach(`${label} ${size.name}`, {
          path: testInfo.outputPath(`${label}-${size.name}.png`),
          contentType: 'image/png',
        });
      }
    };
    try {
      await check('alone');
      await addLongNamed(1);
      await expect(ada!.tiles).toHaveCount(1);
      await check('two');
      // On a phone held upright a 1:1 call shows the other person large and you small in a corner;
      // tapping the small picture swaps the two. Side by side on a wide screen.
      const page = ada!.page;
      await page.setViewportSize({ width: 390, height: 844 });
      await expect(page.locator('[data-layout="inset"]')).toBeVisible();
      const selfTile = page.getByTestId('self-tile');
      const other = page.getByTestId('participant-tile');
      await expect(selfTile).toHaveClass(/tile--inset/);
      const [small, large] = [(await selfTile.boundingBox())!, (await other.boundingBox())!];
      expect(small.width * small.height * 4, 'you are much smaller than the other person').toBeLessThan(large.width * large.height);
      await selfTile.click();
      await expect(other).toHaveClass(/tile--inset/);
      await expect(selfTile).not.toHaveClass(/tile--inset/);
      await other.click();
      await expect(selfTile).toHaveClass(/tile--inset/);
      await page.setViewportSize({ width: 1280, height: 800 });
      await expect(page.locator('[data-layout="grid"]')).toBeVisible();
      await addLongNamed(4);
      await expect(ada!.tiles).toHaveCount(5);
      await check('six');

      // Panels open: the device panel must not hide the controls.
      await ada!.page.getByTestId('devices-toggle').click();
      await ada!.page.getByTestId('stats-toggle').click();
      for (const size of SIZES) {
        await ada!.page.setViewportSize({ width: size.width, height: size.height });
        const panel = await ada!.page.getByTestId('device-panel').boundingBox();
        const controls = await ada!.page.locator('nav.controls').boundingBox();
        expect(
          panel && controls && panel.y + panel.height <= controls.y + 0.5,
          `device panel above the controls at ${size.name}: ${JSON.stringify({ panel, controls })}`,
        ).toBe(true);
        expect(panel!.x).toBeGreaterThanOrEqual(0);
        expect(panel!.x + panel!.width).toBeLessThanOrEqual(size.width);
      }
      await ada!.page.getByTestId('devices-toggle').click();
      await ada!.page.getByTestId('stats-toggle').click();

      // Speaker view: Ada shares her screen (own large tile) beside six people.
      await ada!.page.getByTestId('screen-share-toggle').click();
      await expect(ada!.page.locator('[data-layout="speaker"]')).toBeVisible();
      await check('speaker');
    } finally {
      for (const member of members) member.close();
    }
  });

  test('with chat or participants open, at 1280×800, 1024×768 and 390×844 in English and Korean, Leave and every control take a click and every tile stays whole; the logo opens home in a new tab', async ({
    parley,
    people,
  }, testInfo) => {
    test.setTimeout(120_000);
    const room = randomRoomId('panels');
    const [ada] = await launchSmall(people, 'Ada');
    await joinTogether(parley.url, room, [ada!]);
    const members: Signaling[] = [];
    try {
      await addMembers(parley.url, room, ['Bob', 'Cyd with a rather long name'], members);
      await expect(ada!.tiles).toHaveCount(2);
      const page = ada!.page;
      for (const lang of ['en', 'ko'] as const) {
        await page.getByTestId('language-select').selectOption(lang);
        for (const panel of ['chat', 'participants'] as const) {
          await page.getByTestId(`${panel}-toggle`).click();
          await expect(page.getByTestId(`${panel}-panel`)).toBeVisible();
          for (const size of SCREENS) {
            await page.setViewportSize({ width: size.width, height: size.height });
            const label = `${panel}-${lang}-${size.width}x${size.height}`;
            await expect(async () => {
              await expectCallViewUsable(page, `${panel} open, ${lang}, ${size.width}×${size.height}`, testInfo.outputPath(`${label}.png`));
            }).toPass({ timeout: 10_000 });
            await testInfo.attach(label, { path: testInfo.outputPath(`${label}.png`), contentType: 'image/png' });
          }
          // Only one panel at a time: the other one's button replaces it, its own closes it.
          await page.getByTestId(`${panel}-toggle`).click();
          await expect(page.locator('aside.side')).toHaveCount(0);
        }
      }
      // A window too short for a panel beside the tiles (640×360, a phone held sideways): the
      // chat lies over the call as a sheet, and what is in it takes a click.
      await page.setViewportSize({ width: 640, height: 360 });
      await page.getByTestId('chat-toggle').click();
      await page.getByTestId('chat-input').fill('sideways');
      await page.getByTestId('chat-send').click();
      await expect(page.getByTestId('chat-message')).toHaveCount(1);
      await page.getByTestId('chat-close').click();
      await expect(page.locator('aside.side')).toHaveCount(0);
      await page.setViewportSize({ width: 1280, height: 800 });
      // Opening people while chat is open swaps the panel.
      await page.getByTestId('chat-toggle').click();
      await page.getByTestId('participants-toggle').click();
      await expect(page.getByTestId('participants-panel')).toBeVisible();
      await expect(page.getByTestId('chat-panel')).toHaveCount(0);
      // The logo opens the home page in a new tab: the call goes on here.
      const [home] = await Promise.all([page.context().waitForEvent('page'), page.locator('header.topbar a.brand').click()]);
      await home.waitForLoadState();
      expect(new URL(home.url()).pathname).toBe('/');
      await home.close();
      await expect(page.getByTestId('participants-panel')).toBeVisible();
      // And Leave, clicked as a person would with the panel open, leaves: Ada hosts, so she is
      // asked who hosts next first (its panel takes a click too).
      await page.getByTestId('leave-button').click();
      await page.getByTestId('host-leave-panel').getByTestId('host-leave-confirm').click();
      await expect(page.getByTestId('leave-button')).toHaveCount(0);
    } finally {
      for (const member of members) member.close();
    }
  });
});
