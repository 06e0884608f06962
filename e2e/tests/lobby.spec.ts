import { Signaling } from '@parley/client';
import type { Page } from '@playwright/test';
import { randomRoomId } from '../support/browsers.js';
import { expect, test } from '../support/fixtures.js';

const PHONE = { width: 390, height: 844 };

/** Join is whole on screen without scrolling, and nothing scrolls sideways. */
async function expectJoinOnScreen(page: Page, where: string): Promise<void> {
  const join = page.getByTestId('join-button');
  await expect(join, where).toBeEnabled({ timeout: 15_000 });
  const box = (await join.boundingBox())!;
  expect(box.y + box.height, `${where}: the bottom of Join within the ${PHONE.height} px screen`).toBeLessThanOrEqual(PHONE.height);
  expect(await page.evaluate(() => [window.scrollX, window.scrollY]), `${where}: not scrolled`).toEqual([0, 0]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${where}: no sideways scroll`).toBeLessThanOrEqual(PHONE.width);
}

test.describe('the lobby on a phone', () => {
  test('Join is on screen without scrolling, for the first one in, a guest and a guest asked for a password, in English and Korean; devices fold out', async ({
    parley,
    people,
  }) => {
    const [ada] = await people.launch('Ada');
    const page = ada!.page;
    await page.setViewportSize(PHONE);
    const open = randomRoomId('lobby-open');
    const guarded = randomRoomId('lobby-guarded');
    const members: Signaling[] = [];
    const member = async (room: string, request: { password?: string; lock?: boolean }) => {
      const signaling = new Signaling({ serverUrl: parley.url });
      members.push(signaling);
      await signaling.connect();
      await signaling.request('join', { room, name: 'Host', ...(request.password ? { password: request.password } : {}) });
      if (request.lock) await signaling.request('moderate', { action: 'lock', locked: true });
    };
    try {
      for (const lang of ['en', 'ko'] as const) {
        // The first one in: no password field, an offer to set one.
        await page.goto(new URL(`/r/${randomRoomId('lobby-first')}`, parley.url).toString());
        await page.getByTestId('language-select').selectOption(lang);
        await expect(page.getByTestId('password-add')).toBeVisible();
        await expect(page.getByTestId('password-input')).toHaveCount(0);
        await expectJoinOnScreen(page, `first one in (${lang})`);
        await page.getByTestId('password-add').click();
        await expect(page.getByTestId('password-input')).toBeFocused();
      }

      await member(open, {});
      await page.goto(new URL(`/r/${open}`, parley.url).toString());
      await expect(page.getByTestId('room-presence')).toHaveAttribute('data-participants', '1');
      // A guest of an open meeting is not asked for a password at all.
      await expect(page.getByTestId('password-input')).toHaveCount(0);
      await expect(page.getByTestId('password-add')).toHaveCount(0);
      await expectJoinOnScreen(page, 'guest (ko)');

      await member(guarded, { password: 'open sesame', lock: true });
      for (const lang of ['en', 'ko'] as const) {
        await page.goto(new URL(`/r/${guarded}`, parley.url).toString());
        await page.getByTestId('language-select').selectOption(lang);
        await expect(page.getByTestId('password-input')).toBeVisible();
        await expect(page.getByTestId('room-presence')).toHaveAttribute('data-locked', 'true');
        await expectJoinOnScreen(page, `guest asked for a password, locked meeting (${lang})`);
      }
      await expect(page.getByTestId('room-presence')).toHaveText(
        '1명이 회의 중이며 호스트가 잠갔습니다. 잠금이 풀릴 때까지 새로 참여할 수 없습니다.',
      );

      // The device pickers are one tap away.
      await expect(page.getByTestId('camera-select')).toBeHidden();
      await page.getByTestId('lobby-devices').click();
      await expect(page.getByTestId('camera-select')).toBeVisible();
    } finally {
      for (const signaling of members) signaling.close();
    }
  });

  test('Join stays under the pointer while the lobby learns that others came in', async ({ parley, people }) => {
    const [ada] = await people.launch('Ada');
    const page = ada!.page;
    await page.setViewportSize(PHONE);
    const room = randomRoomId('lobby-steady');
    await page.goto(new URL(`/r/${room}?name=Ada`, parley.url).toString());
    await expect(page.getByTestId('room-presence')).toHaveAttribute('data-participants', '0');
    await expect(page.getByTestId('password-add')).toBeVisible();
    const join = page.getByTestId('join-button');
    await expectJoinOnScreen(page, 'alone in the lobby');
    const before = await join.boundingBox();

    // Someone else joins while Ada aims: the count changes and the offer of a password goes.
    const bob = new Signaling({ serverUrl: parley.url });
    try {
      await bob.connect();
      await bob.request('join', { room, name: 'Bob' });
      await expect(page.getByTestId('room-presence')).toHaveAttribute('data-participants', '1', { timeout: 15_000 });
      await expect(page.getByTestId('password-add')).toHaveCount(0);
      expect(await join.boundingBox(), 'Join where it was').toEqual(before);
    } finally {
      bob.close();
    }
  });

  test('a blocked camera and microphone: one explanation everywhere, and the camera button asks again', async ({ parley, people }) => {
    // The browser refuses this page's access, as after the person pressed Block.
    const [ada] = await people.launchWith(['--use-fake-ui-for-media-stream=deny'], 'Ada');
    const page = ada!.page;
    await page.goto(new URL(`/r/${randomRoomId('lobby-blocked')}`, parley.url).toString());

    const warning = page.getByTestId('media-warning');
    await expect(warning).toContainText('Camera and microphone access is blocked. Allow it in the browser’s site settings');
    // The preview, the pickers and the buttons say the same, not "off" or "no device".
    await expect(page.locator('.lobby__preview')).toContainText('Camera blocked');
    await expect(page.locator('.lobby__preview')).not.toContainText('Camera is off');
    await page.getByTestId('lobby-devices').click();
    for (const picker of ['mic-select', 'camera-select']) {
      await expect(page.getByTestId(picker)).toHaveText('Blocked in this browser');
      await expect(page.getByTestId(picker)).toBeDisabled();
    }
    // Sound still plays on the system's speaker; the browser lists none while the microphone is blocked.
    await expect(page.getByTestId('speaker-select')).toHaveText('System default');
    await expect(page.getByText('No device found')).toHaveCount(0);
    const camera = page.getByTestId('camera-toggle');
    await expect(camera).toBeEnabled();
    await expect(camera).toHaveAttribute('title', /^Blocked: allow it in the browser’s site settings/);

    // Pressing the camera asks the browser again: starting, then refused again and said so.
    await camera.click();
    await expect(page.locator('.lobby__preview')).toContainText('Camera blocked', { timeout: 10_000 });
    await expect(warning).toBeVisible();
    // Joining without them still works: the person is in, receive-only.
    await page.getByTestId('name-input').fill('Ada');
    await page.getByTestId('join-button').click();
    await expect(page.getByTestId('leave-button')).toBeVisible({ timeout: 15_000 });
  });
});

test.describe('checking devices in the lobby', () => {
  test('the microphone level moves with the sound and stops while muted; the speaker test plays on the chosen output', async ({
    parley,
    people,
  }) => {
    const [ada] = await people.launch('Ada');
    const page = ada!.page;
    await page.goto(new URL(`/r/${randomRoomId('lobby-devices')}`, parley.url).toString());
    await expect(page.getByTestId('join-button')).toBeEnabled({ timeout: 15_000 });

    // The fake microphone beeps twice a second: the bars rise with each beep.
    const level = page.getByTestId('mic-level');
    await expect
      .poll(async () => Number(await level.getAttribute('data-bars')), { timeout: 5_000, intervals: [50] })
      .toBeGreaterThanOrEqual(3);
    await page.getByTestId('mic-toggle').click();
    await expect(level).toHaveAttribute('data-muted', 'true');
    // Muted, it stays flat through several beeps.
    for (let reading = 0; reading < 10; reading++) {
      await expect(level).toHaveAttribute('data-bars', '0');
      await page.waitForTimeout(100);
    }
    await page.getByTestId('mic-toggle').click();
    await expect
      .poll(async () => Number(await level.getAttribute('data-bars')), { timeout: 5_000, intervals: [50] })
      .toBeGreaterThanOrEqual(3);

    // The speaker test: a chime, played on the output picked in the list.
    const speaker = page.getByTestId('speaker-select');
    const outputs = await speaker.locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    // Chromium's fake devices list the default output and two more.
    expect(outputs.length).toBeGreaterThan(1);
    const chosen = outputs.at(-1)!;
    await speaker.selectOption(chosen);
    const test = page.getByTestId('speaker-test');
    await test.click();
    await expect(test).toHaveAttribute('data-state', 'playing');
    await expect(test).toHaveAttribute('data-state', 'played', { timeout: 5_000 });
    expect(Number(await test.getAttribute('data-peak-dbfs')), 'the chime had sound in it').toBeGreaterThan(-20);
    await expect(test).toHaveAttribute('data-sink', chosen);
  });
});

test.describe('joining', () => {
  test('the lobby opens the signaling connection while the person checks their camera; Join sends the join on it', async ({
    parley,
    people,
  }) => {
    const [ada] = await people.launch('Ada');
    const page = ada!.page;
    const sockets: { url: string; connected: boolean; joinSent: boolean }[] = [];
    page.on('websocket', (ws) => {
      const socket = { url: ws.url(), connected: false, joinSent: false };
      sockets.push(socket);
      // socket.io's CONNECT answered (40{…}), and its join event (42<ack>["join",…]).
      ws.on('framereceived', ({ payload }) => (socket.connected ||= String(payload).startsWith('40')));
      ws.on('framesent', ({ payload }) => (socket.joinSent ||= /^42\d*\["join"/.test(String(payload))));
    });
    const url = new URL(`/r/${randomRoomId('lobby-early')}`, parley.url);
    url.searchParams.set('name', 'Ada');
    await page.goto(url.toString());
    await expect(page.getByTestId('join-button')).toBeEnabled({ timeout: 15_000 });
    await expect.poll(() => sockets.filter((socket) => socket.connected).length, { message: 'a connection open in the lobby' }).toBe(1);

    await page.getByTestId('join-button').click();
    await expect(page.getByTestId('leave-button')).toBeVisible({ timeout: 15_000 });
    // The join went over the lobby's connection: no handshakes after the click.
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.joinSent).toBe(true);
  });

  test('joining while the server cannot be reached says so at once, Cancel stops, and the join completes once it is back', async ({
    parley,
    people,
  }) => {
    const [ada] = await people.launch('Ada');
    const page = ada!.page;
    const url = new URL(`/r/${randomRoomId('lobby-offline')}`, parley.url);
    url.searchParams.set('name', 'Ada');
    await page.goto(url.toString());
    const join = page.getByTestId('join-button');
    const unreachable = page.getByTestId('join-unreachable');
    await expect(join).toBeEnabled({ timeout: 15_000 });

    // The network goes: Join says within a moment that the server cannot be reached, not after the 10 s timeout.
    await page.context().setOffline(true);
    const started = Date.now();
    await join.click();
    await expect(unreachable).toContainText('Cannot reach the Parley server yet. Still trying', { timeout: 5_000 });
    const saidAfterMs = Date.now() - started;
    test.info().annotations.push({ type: 'unreachable', description: `said after ${saidAfterMs} ms` });
    expect(saidAfterMs).toBeLessThan(5_000);
    await page.getByTestId('join-cancel').click();
    await expect(unreachable).toHaveCount(0);
    await expect(join).toHaveText('Join');
    await expect(join).toBeEnabled();

    // Again, and the network comes back while it is trying: the person is in the call without another click.
    await join.click();
    await expect(unreachable).toBeVisible({ timeout: 5_000 });
    await page.context().setOffline(false);
    await expect(page.getByTestId('leave-button')).toBeVisible({ timeout: 15_000 });
  });
});
