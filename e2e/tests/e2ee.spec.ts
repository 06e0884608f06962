import type { Page } from '@playwright/test';
import { randomRoomId, type Participant } from '../support/browsers.js';
import { expectSeesAndHears, MEDIA_TIMEOUT } from '../support/call.js';
import { expect, test } from '../support/fixtures.js';
import { FirefoxPerson, watchTile, type TileWatch } from '../support/firefox.js';
import { SILENCE_ENERGY } from '../support/media.js';

/**
 * End-to-end encryption as people meet it: on by default in a room started from the web app, the
 * badge says so on every screen, the safety code is the same everywhere and changes when someone
 * leaves, every frame passes the encrypting transform, and the host can turn it off and on again
 * without anyone losing the picture.
 */

const CODE = /^\d{5} \d{5} \d{5} \d{5}$/;

/** The safety code as `person` reads it now in the security panel (opened from the badge). */
async function safetyCode(person: Participant): Promise<string> {
  const code = person.page.getByTestId('e2ee-code');
  if (!(await code.isVisible())) await person.page.getByTestId('e2ee-badge').click();
  const text = (await code.textContent()) ?? '';
  expect(text, `${person.name}'s safety code`).toMatch(CODE);
  return text;
}

/**
 * Every sender that carries a track and every receiver of the page's open peer connections runs a
 * frame transform (RTCRtpScriptTransform), and every video stream that moved is VP8.
 */
async function framesPassTransforms(page: Page) {
  return page.evaluate(async () => {
    const pcs = ((window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []).filter((pc) => pc.connectionState !== 'closed');
    let senders = 0;
    let untransformed = 0;
    const videoCodecs = new Set<string>();
    for (const pc of pcs) {
      for (const transceiver of pc.getTransceivers()) {
        if (transceiver.currentDirection === 'stopped') continue;
        if (!(transceiver.receiver.transform instanceof RTCRtpScriptTransform)) untransformed += 1;
        if (!transceiver.sender.track) continue;
        senders += 1;
        if (!(transceiver.sender.transform instanceof RTCRtpScriptTransform)) untransformed += 1;
      }
      const stats = await pc.getStats();
      stats.forEach((stat: { type: string; kind?: string; codecId?: string; bytesReceived?: number; bytesSent?: number }) => {
        const moving =
          (stat.type === 'inbound-rtp' && (stat.bytesReceived ?? 0) > 0) || (stat.type === 'outbound-rtp' && (stat.bytesSent ?? 0) > 0);
        if (!moving || stat.kind !== 'video' || !stat.codecId) return;
        const codec = stats.get(stat.codecId) as { mimeType?: string } | undefined;
        if (codec?.mimeType) videoCodecs.add(codec.mimeType.toLowerCase());
      });
    }
    return { connections: pcs.length, senders, untransformed, videoCodecs: [...videoCodecs] };
  });
}

async function setE2ee(host: Participant, on: boolean): Promise<void> {
  const toggle = host.page.getByTestId('e2ee-toggle');
  if (!(await toggle.isVisible())) await host.page.getByTestId('participants-toggle').click();
  if (on) await toggle.check();
  else await toggle.uncheck();
}

test.describe('end-to-end encryption', () => {
  test('a two-person call is encrypted by default: badge on, one safety code, every frame through the transform, VP8; the host turns it off and on and the call carries on', async ({
    parley,
    people,
  }) => {
    test.setTimeout(120_000);
    const room = randomRoomId('e2ee');
    const [ada, bob] = await people.launch('Ada', 'Bob');
    await ada!.join(parley.url, room); // first in: the host
    await bob!.join(parley.url, room);
    await Promise.all([expectSeesAndHears(ada!, bob!), expectSeesAndHears(bob!, ada!)]);

    for (const person of [ada!, bob!]) await expect(person.page.getByTestId('e2ee-badge')).toHaveAttribute('data-state', 'on');
    let codes: string[] = [];
    await expect(async () => {
      codes = await Promise.all([safetyCode(ada!), safetyCode(bob!)]);
      expect(codes[0], 'the same safety code on both screens').toBe(codes[1]);
    }).toPass({ timeout: MEDIA_TIMEOUT });
    for (const person of [ada!, bob!]) {
      const transforms = await framesPassTransforms(person.page);
      const where = `${person.name}: ${JSON.stringify(transforms)}`;
      expect(transforms.senders, where).toBeGreaterThanOrEqual(2);
      expect(transforms.untransformed, where).toBe(0);
      expect(transforms.videoCodecs, where).toEqual(['video/vp8']);
    }

    // The host turns it off (to record, say): everyone sees it, and the picture and sound carry on.
    await setE2ee(ada!, false);
    for (const person of [ada!, bob!]) await expect(person.page.getByTestId('e2ee-badge')).toHaveAttribute('data-state', 'off');
    await Promise.all([expectSeesAndHears(ada!, bob!), expectSeesAndHears(bob!, ada!)]);
    await expect(bob!.page.getByTestId('e2ee-code')).toHaveCount(0); // no code to compare while off

    // And on again: encrypted from the next frame, nobody reconnects.
    await setE2ee(ada!, true);
    for (const person of [ada!, bob!]) await expect(person.page.getByTestId('e2ee-badge')).toHaveAttribute('data-state', 'on');
    await Promise.all([expectSeesAndHears(ada!, bob!), expectSeesAndHears(bob!, ada!)]);
    await expect.poll(() => safetyCode(bob!), { timeout: MEDIA_TIMEOUT }).toBe(codes[0]);
  });

  test('the safety code is the same for three and changes for those who stay when someone is removed; the call goes on for them', async ({
    parley,
    people,
  }) => {
    test.setTimeout(150_000);
    const room = randomRoomId('e2ee-three');
    const [ada, bob, cyd] = await people.launch('Ada', 'Bob', 'Cyd');
    await ada!.join(parley.url, room);
    await Promise.all([bob!.join(parley.url, room), cyd!.join(parley.url, room)]);
    for (const viewer of [ada!, bob!, cyd!]) await expect(viewer.tiles).toHaveCount(2, { timeout: MEDIA_TIMEOUT });
    // Each screen's code counts the identities proved so far: once all are, it is the same everywhere.
    let codes: string[] = [];
    await expect(async () => {
      codes = await Promise.all([safetyCode(ada!), safetyCode(bob!), safetyCode(cyd!)]);
      expect(new Set(codes).size, `codes ${JSON.stringify(codes)}`).toBe(1);
    }).toPass({ timeout: MEDIA_TIMEOUT });

    // The host removes Cyd: Ada and Bob rotate their keys, and their code now leaves Cyd out.
    await ada!.page.getByTestId('participants-toggle').click();
    await ada!.page.locator('[data-testid="participant-row"][data-participant-name="Cyd"]').getByTestId('remove-participant').click();
    await expect(cyd!.page.getByTestId('removed-page')).toBeVisible({ timeout: 10_000 });
    await expect(async () => {
      const after = await Promise.all([safetyCode(ada!), safetyCode(bob!)]);
      expect(after[0]).toBe(after[1]);
      expect(after[0]).not.toBe(codes[0]);
    }).toPass({ timeout: 10_000 });
    for (const viewer of [ada!, bob!]) await expect(viewer.tiles).toHaveCount(1, { timeout: 10_000 });
    await Promise.all([expectSeesAndHears(ada!, bob!), expectSeesAndHears(bob!, ada!)]);
  });

  test('Chromium ↔ Firefox with encryption on: both badges on, the same code, each sees and hears the other', async ({
    parley,
    people,
  }) => {
    test.setTimeout(120_000);
    const room = randomRoomId('e2ee-firefox');
    const [ada] = await people.launch('Ada');
    const fox = await FirefoxPerson.launch('Fox');
    try {
      await ada!.join(parley.url, room);
      await fox.join(parley.url, room);
      await expectSeesAndHears(ada!, { name: 'Fox' });
      let seen: TileWatch | null = null;
      await expect(async () => {
        seen = await fox.page.evaluate(watchTile, 'Ada');
        const where = `Fox watching Ada: ${JSON.stringify(seen)}`;
        expect(seen, where).not.toBeNull();
        expect(seen!.changes, where).toBeGreaterThanOrEqual(5);
        expect(seen!.framesDecoded, where).toBeGreaterThan(0);
        expect(seen!.totalAudioEnergy, where).toBeGreaterThan(SILENCE_ENERGY);
      }).toPass({ timeout: MEDIA_TIMEOUT, intervals: [250, 500, 1_000] });

      await expect(ada!.page.getByTestId('e2ee-badge')).toHaveAttribute('data-state', 'on');
      await fox.until('the badge on', () => document.querySelector('[data-testid="e2ee-badge"]')?.getAttribute('data-state') === 'on');
      const adaCode = await safetyCode(ada!);
      await fox.page.click('[data-testid="e2ee-badge"]');
      const foxCode = await fox.until('the safety code', () => {
        const text = document.querySelector('[data-testid="e2ee-code"]')?.textContent ?? '';
        return /^\d{5} \d{5} \d{5} \d{5}$/.test(text) ? text : null;
      });
      expect(foxCode).toBe(adaCode);
      const foxTransforms = await fox.page.evaluate(() => {
        const pcs = ((window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []).filter((pc) => pc.connectionState !== 'closed');
        return pcs.flatMap((pc) =>
          pc
            .getSenders()
            .filter((sender) => sender.track)
            .map((sender) => sender.transform instanceof RTCRtpScriptTransform),
        );
      });
      expect(foxTransforms.length).toBeGreaterThanOrEqual(2);
      expect(foxTransforms.every(Boolean), JSON.stringify(foxTransforms)).toBe(true);
    } finally {
      await fox.close();
    }
  });
});
