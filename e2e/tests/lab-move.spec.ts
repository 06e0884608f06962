import { writeFile } from 'node:fs/promises';
import { expect, test } from '../support/fixtures.js';
import { frameGaps, startFrameGapWatch, stopFrameGapWatch } from '../support/frameGaps.js';
import { selectedPaths } from '../support/ice.js';
import { callBetween, useLabWorld } from '../support/lab.js';
import { readDeviceUse } from '../support/media.js';

/**
 * A participant whose network changes mid-call (Wi-Fi to mobile: a new public address, every
 * NAT mapping of the old one gone). Nothing reaches either side on the old path any more; the
 * call must find the new one by itself (an ICE restart, RFC 8445 §9) without anyone rejoining.
 */
test.describe('a participant whose address changes mid-call (network lab)', () => {
  test.describe.configure({ timeout: 120_000 });
  const world = useLabWorld();

  test('Ben moves from Wi-Fi to mobile: both pictures move again within 3 s, on the same connection, over his new address', async ({
    people,
  }, testInfo) => {
    const anaHome = await world().lab.household('ana', { nat: 'endpoint-independent' });
    const benPhone = await world().lab.household('ben', { nat: 'endpoint-independent' });
    const [ana, ben] = await callBetween(world(), people, [anaHome, benPhone]);

    // Ana's connection panel on Ben's tile: his router's address now.
    await ana.page.getByTestId('stats-toggle').click();
    const theirAddress = ana.tileOf('Ben').getByTestId('connection-stats').locator('[data-stat="remote-address"] dd');
    await expect(theirAddress).toHaveText(new RegExp(`^${benPhone.publicAddress.replaceAll('.', '\\.')}:\\d+$`));

    await Promise.all([ana, ben].map((person) => startFrameGapWatch(person.page)));
    await ana.page.waitForTimeout(2_000);
    const movedAt = Date.now();
    const newAddress = await benPhone.changeAddress();
    await ana.page.waitForTimeout(12_000);
    const watches = await Promise.all([ana, ben].map((person) => stopFrameGapWatch(person.page, person.name)));
    const gaps = [frameGaps('Ana', watches).find((g) => g.name === 'Ben'), frameGaps('Ben', watches).find((g) => g.name === 'Ana')];
    const numbers = JSON.stringify({ movedAt, newAddress, gaps });
    const path = testInfo.outputPath('frame-gaps-across-the-move.json');
    await writeFile(path, numbers);
    await testInfo.attach('frame gaps across the move', { path, contentType: 'application/json' });
    for (const gap of gaps) {
      expect(gap, numbers).toBeDefined();
      expect(gap!.vanished, numbers).toBe(false);
      // The longest freeze is the move itself: the path is found again in under 3 s.
      expect(gap!.maxGapMs, numbers).toBeLessThan(3_000);
    }
    // Same connection (an ICE restart, not a new one), and Ana now reaches Ben at his new address.
    for (const person of [ana, ben]) expect((await readDeviceUse(person.page)).openPeerConnections).toBe(1);
    const [atAna] = await selectedPaths(ana.page);
    expect(atAna?.remoteAddress, JSON.stringify(atAna)).toBe(newAddress);
    await expect(theirAddress).toHaveText(new RegExp(`^${newAddress.replaceAll('.', '\\.')}:\\d+$`));
  });
});
