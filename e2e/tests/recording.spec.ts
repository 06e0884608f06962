import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomRoomId } from '../support/browsers.js';
import { expect, test } from '../support/fixtures.js';
import { startSfuParley } from '../support/janus.js';
import { expectAllVideosAdvancing, joinTogether, launchSmall } from '../support/meeting.js';

// Three browsers and Janus on two cores; the room moves to the SFU at its third person.
test.describe.configure({ timeout: 180_000 });

let sfu: Awaited<ReturnType<typeof startSfuParley>>;
let recordingsDir: string;
test.beforeAll(async () => {
  recordingsDir = mkdtempSync(join(tmpdir(), 'parley-e2e-recordings-'));
  sfu = await startSfuParley({ meshMax: 2, recordingsDir });
});
test.afterAll(async () => {
  await sfu?.close();
  rmSync(recordingsDir, { recursive: true, force: true });
});

test.describe('recording an SFU room', () => {
  test('the host records from the participants panel: everyone sees the badge, a guest has no controls, and the WebM downloads', async ({
    people,
  }) => {
    const url = sfu.parley.url;
    const room = randomRoomId('rec');
    const [ana, ben, cai] = await launchSmall(people, 'Ana', 'Ben', 'Cai');
    await ana!.join(url, room); // first in: the host
    await joinTogether(url, room, [ben!, cai!]);
    for (const viewer of [ana!, ben!, cai!]) await expectAllVideosAdvancing(viewer, 2);

    await ben!.page.getByTestId('participants-toggle').click();
    await expect(ben!.page.getByTestId('participant-row')).toHaveCount(3);
    await expect(ben!.page.getByTestId('recording-toggle')).toHaveCount(0);

    await ana!.page.getByTestId('participants-toggle').click();
    const toggle = ana!.page.getByTestId('recording-toggle');
    await expect(toggle).toHaveText('Record');
    // The meeting is end-to-end encrypted: the server cannot record it, and the host is told why.
    await expect(toggle).toBeDisabled();
    await expect(ana!.page.getByTestId('recording-e2ee-note')).toContainText('end-to-end encrypted, so the server cannot record it');
    await ana!.page.getByTestId('e2ee-toggle').uncheck();
    for (const person of [ana!, ben!, cai!]) await expect(person.page.getByTestId('e2ee-badge')).toHaveAttribute('data-state', 'off');
    await expect(ana!.page.getByTestId('recording-e2ee-note')).toHaveCount(0);
    await toggle.click();
    for (const person of [ana!, ben!, cai!]) await expect(person.page.getByTestId('recording-indicator')).toBeVisible({ timeout: 15_000 });
    await expect(toggle).toHaveText('Stop recording');

    // A few seconds of three people, then Stop: the badge goes everywhere, the list fills in.
    await ana!.page.waitForTimeout(5_000);
    await toggle.click();
    for (const person of [ana!, ben!, cai!])
      await expect(person.page.getByTestId('recording-indicator')).toHaveCount(0, { timeout: 15_000 });
    const row = ana!.page.getByTestId('recording-row').first();
    await expect(async () => {
      await ana!.page.getByTestId('recording-refresh').click();
      await expect(row).toHaveAttribute('data-state', 'ready', { timeout: 2_000 });
    }).toPass({ timeout: 60_000, intervals: [1_000] });
    await expect(row).toContainText('Ana');

    const videos = row.getByTestId('recording-download').filter({ hasText: /-video-\d+\.webm$/ });
    await expect(videos).toHaveCount(3);
    const href = await videos.first().getAttribute('href');
    const response = await ana!.page.request.get(new URL(href!, url).toString());
    expect(response.status()).toBe(200);
    const webm = await response.body();
    // EBML magic (Matroska/WebM, RFC 8794 §8.1), a VP8 track.
    expect(webm.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
    expect(webm.includes(Buffer.from('V_VP8'))).toBe(true);
    expect(webm.length).toBeGreaterThan(2_000);
  });
});
