import { randomRoomId } from '../support/browsers.js';
import { expect, test, type People } from '../support/fixtures.js';
import { selectedPaths, type SelectedPath } from '../support/ice.js';
import { callBetween, useLabWorld } from '../support/lab.js';
import type { HouseholdOptions } from '@parley/testkit';

/**
 * Calls across real NATs and firewalls (the network lab: kernel namespaces, nftables NAT, no
 * loopback anywhere on the media path). Parley and coturn listen on the lab's public network;
 * each person's Chromium runs in a household behind its own router. What RFC 8445 promises and
 * what a person sees: a direct path where the NATs allow one, the relay where they do not, TURN
 * over TCP where UDP is blocked, and in every case the other's moving picture and sound.
 */
test.describe('calls across NATs and firewalls (network lab)', () => {
  test.describe.configure({ timeout: 120_000 });
  const world = useLabWorld();

  /** The one mesh link's selected path at each side, once both are connected. */
  async function pathsOf(...pages: Parameters<typeof selectedPaths>[0][]): Promise<SelectedPath[]> {
    const paths: SelectedPath[] = [];
    for (const page of pages) {
      const [path] = await selectedPaths(page);
      expect(path, 'a selected candidate pair').toBeDefined();
      paths.push(path!);
    }
    return paths;
  }

  /**
   * Ana and Ben, each in a household of their own, join one room and each sees the other's moving
   * picture and hears their sound; then the one mesh link's selected path at each side.
   */
  async function callAcross(people: People, anaNet: HouseholdOptions, benNet: HouseholdOptions) {
    const anaHome = await world().lab.household('ana', anaNet);
    const benHome = await world().lab.household('ben', benNet);
    const [ana, ben] = await callBetween(world(), people, [anaHome, benHome]);
    const [atAna, atBen] = await pathsOf(ana.page, ben.page);
    return {
      anaHome,
      benHome,
      atAna: atAna!,
      atBen: atBen!,
      where: JSON.stringify({ atAna, atBen, ana: anaHome.publicAddress, ben: benHome.publicAddress }),
    };
  }

  test('two homes behind endpoint-independent NATs talk directly: server-reflexive path, no relay', async ({ people }) => {
    const { anaHome, benHome, atAna, atBen, where } = await callAcross(
      people,
      { nat: 'endpoint-independent' },
      { nat: 'endpoint-independent' },
    );
    expect([atAna.localType, atAna.remoteType, atBen.localType, atBen.remoteType], where).not.toContain('relay');
    // Each reaches the other at the other's router: hole punching through both NATs (RFC 8445 §2.1).
    expect(atAna.remoteAddress, where).toBe(benHome.publicAddress);
    expect(atBen.remoteAddress, where).toBe(anaHome.publicAddress);
  });

  test('two offices behind symmetric NATs: no direct path exists, the call goes through the relay by itself', async ({ people }) => {
    const { atAna, atBen, where } = await callAcross(people, { nat: 'symmetric' }, { nat: 'symmetric' });
    // One side's relay at least: its allocation on coturn (203.0.113.1) is the only address the other's NAT lets through.
    expect([atAna.localType, atAna.remoteType], where).toContain('relay');
    expect([atBen.localType, atBen.remoteType], where).toContain('relay');
  });

  test('a hotel network that blocks UDP: that guest reaches the relay over TCP, and the call works', async ({ people }) => {
    const { atBen, where } = await callAcross(people, { nat: 'endpoint-independent' }, { udpBlocked: true });
    expect(atBen.localType, where).toBe('relay');
    expect(atBen.relayProtocol, where).toBe('tcp');
  });
});

test.describe('a server without TURN (network lab)', () => {
  test.describe.configure({ timeout: 150_000 });
  const world = useLabWorld({ turn: false });

  test('two offices behind symmetric NATs and no relay configured: both pages say why, and that the server admin must set up TURN', async ({
    people,
  }) => {
    const anaOffice = await world().lab.household('ana-office', { nat: 'symmetric' });
    const benOffice = await world().lab.household('ben-office', { nat: 'symmetric' });
    const [ana] = await people.launchIn(world().browserIn(anaOffice), 'Ana');
    const [ben] = await people.launchIn(world().browserIn(benOffice), 'Ben');
    const room = randomRoomId('lab-no-turn');
    await ana!.join(world().url, room);
    await ben!.join(world().url, room);
    for (const person of [ana!, ben!]) {
      await expect(person.tileOf(person === ana ? 'Ben' : 'Ana')).toBeVisible();
      // ICE gives up once every candidate pair has failed (RFC 8445 §8.1), about half a minute in libwebrtc.
      const banner = person.page.getByTestId('ice-problem');
      await expect(banner).toHaveAttribute('data-code', 'relay-needed', { timeout: 90_000 });
      await expect(banner).toContainText('TURN');
      await expect(banner).toContainText('whoever runs this server');
    }
  });
});
