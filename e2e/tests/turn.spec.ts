import { randomRoomId, type Participant } from '../support/browsers.js';
import { expectSeesAndHears, MEDIA_TIMEOUT } from '../support/call.js';
import { startCoturn, type Coturn } from '@parley/testkit';
import { expect, test } from '../support/fixtures.js';
import { selectedPaths } from '../support/ice.js';
import { sampleInbound } from '../support/media.js';
import { startParley, type RunningParley } from '../support/server.js';

/**
 * Calls through a real coturn (Debian package) on 127.0.0.1 with every client forced to relay
 * (PARLEY_ICE_TRANSPORT_POLICY=relay), the server minting short-lived TURN credentials per person.
 */
test.describe('TURN relay', () => {
  let coturn: Coturn;
  const servers: RunningParley[] = [];

  test.beforeAll(async () => {
    coturn = await startCoturn();
  });
  test.afterAll(async () => {
    await coturn?.close();
  });
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a hook's fixtures from this pattern; this one needs none.
  test.afterEach(async ({}, testInfo) => {
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('coturn output', { body: coturn.output(), contentType: 'text/plain' });
    }
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await coturn.start(); // a test that stopped it leaves it running for the next
  });

  async function relayParley(options: { secret?: string; now?: () => number } = {}): Promise<RunningParley> {
    const parley = await startParley({
      config: {
        turnUrls: [coturn.urls.udp, coturn.urls.tcp],
        turnSecret: options.secret ?? coturn.secret,
        iceTransportPolicy: 'relay',
      },
      ...(options.now ? { now: options.now } : {}),
    });
    servers.push(parley);
    return parley;
  }

  async function expectRelayed(person: Participant): Promise<void> {
    await expect.poll(async () => (await selectedPaths(person.page)).map((path) => path.localType), { timeout: 5_000 }).toEqual(['relay']);
  }

  test('two people with relay-only policy call through coturn: media flows and the selected pair is relay', async ({
    people,
  }, testInfo) => {
    const parley = await relayParley();
    const room = randomRoomId('turn');
    const [ada, bob] = await people.launch('Ada', 'Bob');
    const started = Date.now();
    await Promise.all([ada!.join(parley.url, room), bob!.join(parley.url, room)]);
    await Promise.all([expectSeesAndHears(ada!, bob!), expectSeesAndHears(bob!, ada!)]);
    const setupMs = Date.now() - started;

    await Promise.all([expectRelayed(ada!), expectRelayed(bob!)]);
    const [adaPath] = await selectedPaths(ada!.page);
    expect(adaPath?.localAddress).toBe('127.0.0.1'); // coturn's relay address
    // Nothing but the relay is ever offered in relay mode (RFC 8828 mode 4): no host candidate leaks.
    const candidateTypes = await ada!.page.evaluate(async () => {
      const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
      const types = new Set<string>();
      for (const pc of pcs)
        (await pc.getStats()).forEach((s: Record<string, unknown>) => s.type === 'local-candidate' && types.add(String(s.candidateType)));
      return [...types];
    });
    expect(candidateTypes).toEqual(['relay']);
    testInfo.annotations.push({ type: 'relay call: join to media both ways (ms)', description: String(setupMs) });
    console.info(`[turn] relay-only call: both joined and seeing/hearing each other ${setupMs} ms after opening the pages`);
  });

  for (const [label, options] of [
    ['a wrong TURN secret', { secret: 'not-the-coturn-secret-0123456789' }],
    ['expired credentials (the server clock an hour behind)', { now: () => Date.now() - 3_600_000 }],
  ] as const) {
    test(`${label}: both people are told the relay refused the credentials`, async ({ people }) => {
      const parley = await relayParley(options);
      const room = randomRoomId('turn-bad');
      const [ada, bob] = await people.launch('Ada', 'Bob');
      await Promise.all([ada!.join(parley.url, room), bob!.join(parley.url, room)]);

      for (const person of [ada!, bob!]) {
        await expect(person.tiles).toHaveCount(1, { timeout: MEDIA_TIMEOUT });
        const problem = person.page.getByTestId('ice-problem');
        await expect(problem).toBeVisible({ timeout: 15_000 });
        await expect(problem).toHaveAttribute('data-code', 'turn-credentials-rejected');
        await expect(problem).toHaveAttribute('data-status', '401');
        await expect(problem).toContainText('Could not connect through the relay server (TURN)');
        await expect(problem).toContainText('PARLEY_TURN_SECRET');
        await expect(person.tiles.first()).not.toHaveAttribute('data-connection-state', 'connected');
      }
      const stats = await sampleInbound(ada!.page, { windowMs: 500 });
      expect(stats.after.framesDecoded, 'no media can flow without the relay').toBe(0);
    });
  }

  test('ICE restart: coturn stops and starts again, the call recovers within 10 s without a reload', async ({ people }, testInfo) => {
    const parley = await relayParley();
    const room = randomRoomId('turn-restart');
    const [ada, bob] = await people.launch('Ada', 'Bob');
    await Promise.all([ada!.join(parley.url, room), bob!.join(parley.url, room)]);
    await Promise.all([expectSeesAndHears(ada!, bob!), expectSeesAndHears(bob!, ada!)]);
    // A reload would lose this mark.
    for (const person of [ada!, bob!]) await person.page.evaluate(() => ((window as unknown as { __mark: number }).__mark = 42));

    await coturn.stop();
    const stopped = Date.now();
    for (const [viewer, other] of [
      [ada!, bob!],
      [bob!, ada!],
    ] as const) {
      const tile = viewer.tileOf(other.name);
      await expect(tile).toHaveAttribute('data-connection-state', 'reconnecting', { timeout: 20_000 });
      await expect(tile.getByRole('status')).toHaveText('Reconnecting…');
    }
    const noticedMs = Date.now() - stopped;

    await coturn.start();
    const restarted = Date.now();
    await Promise.all(
      [
        [ada!, bob!],
        [bob!, ada!],
      ].map(async ([viewer, other]) => {
        await expect(viewer!.tileOf(other!.name)).toHaveAttribute('data-connection-state', 'connected', { timeout: 10_000 });
        await expect(async () => {
          const { delta } = await sampleInbound(viewer!.page, { windowMs: 500 });
          expect(delta.framesDecoded, `${viewer!.name} decodes ${other!.name}'s video again`).toBeGreaterThan(0);
          expect(delta.audioPacketsReceived).toBeGreaterThan(0);
        }).toPass({ timeout: 10_000, intervals: [100, 250] });
      }),
    );
    const recoveredMs = Date.now() - restarted;
    expect(recoveredMs, 'frames flow again within 10 s of coturn coming back').toBeLessThan(10_000);

    for (const person of [ada!, bob!]) {
      expect(await person.page.evaluate(() => (window as unknown as { __mark?: number }).__mark)).toBe(42);
      await expect(person.tileOf(person === ada ? 'Bob' : 'Ada').getByRole('status')).toHaveCount(0);
    }
    await Promise.all([expectRelayed(ada!), expectRelayed(bob!)]);
    testInfo.annotations.push(
      { type: 'coturn stopped → tiles say Reconnecting (ms)', description: String(noticedMs) },
      { type: 'coturn started → frames flow again (ms)', description: String(recoveredMs) },
    );
    console.info(`[turn] coturn stopped: "Reconnecting…" after ${noticedMs} ms; coturn back: media again after ${recoveredMs} ms`);
  });
});
