import { randomBytes } from 'node:crypto';
import { randomRoomId, type Participant } from '../support/browsers.js';
import { expectSeesAndHears, GONE_WITHIN } from '../support/call.js';
import { expect, test } from '../support/fixtures.js';
import { RedisServer } from '@parley/testkit';
import { ParleyProcess } from '../support/serverProcess.js';

/** "No ghost in Redis after 10 s" of the node's crash. */
const NO_GHOST_AFTER = 10_000;

/**
 * Starts recording, in the page, the longest stretch during which `name`'s tile was absent
 * (checked every 100 ms); `longestAbsenceMs` reads it.
 */
async function watchPresence(viewer: Participant, name: string): Promise<void> {
  await viewer.page.evaluate((who) => {
    const state = { goneSince: null as number | null, longest: 0 };
    (window as unknown as { __presence: typeof state }).__presence = state;
    setInterval(() => {
      const present = document.querySelector(`[data-testid="participant-tile"][data-participant-name="${who}"]`) !== null;
      const now = performance.now();
      if (present && state.goneSince !== null) {
        state.longest = Math.max(state.longest, now - state.goneSince);
        state.goneSince = null;
      } else if (!present && state.goneSince === null) state.goneSince = now;
    }, 100);
  }, name);
}

async function longestAbsenceMs(viewer: Participant): Promise<number> {
  return viewer.page.evaluate(() => {
    const state = (window as unknown as { __presence: { goneSince: number | null; longest: number } }).__presence;
    return Math.max(state.longest, state.goneSince === null ? 0 : performance.now() - state.goneSince);
  });
}

/** Redis and two Parley nodes sharing it (one secret), for `run`; all stopped afterwards, also on failure. */
async function withTwoNodes(run: (one: ParleyProcess, two: ParleyProcess) => Promise<void>): Promise<void> {
  const redis = await RedisServer.start();
  const secret = randomBytes(32).toString('hex');
  const nodes = [
    await ParleyProcess.prepare({ secret, env: { PARLEY_REDIS_URL: redis.url } }),
    await ParleyProcess.prepare({ secret, env: { PARLEY_REDIS_URL: redis.url } }),
  ] as const;
  try {
    await Promise.all(nodes.map((node) => node.start()));
    await run(...nodes);
  } finally {
    await Promise.all(nodes.map((node) => node.dispose()));
    await redis.stop();
  }
}

test.describe('several nodes over Redis', () => {
  test('A on node 1, B on node 2 see and hear each other; node 1 dies: A moves to node 2, the call goes on, no ghost', async ({
    people,
  }) => {
    await withTwoNodes(async (one, two) => {
      const room = randomRoomId('nodes');
      const [ada, bob] = await people.launch('Ada', 'Bob');
      await Promise.all([ada!.join(one.url, room), bob!.join(two.url, room)]);
      await Promise.all([expectSeesAndHears(ada!, bob!), expectSeesAndHears(bob!, ada!)]);
      // Both nodes read the one room from Redis.
      await expect.poll(() => one.health()).toMatchObject({ rooms: 1, participants: 2 });
      await expect.poll(() => two.health()).toMatchObject({ rooms: 1, participants: 2 });
      const adaId = await bob!.tileOf('Ada').getAttribute('data-participant-id');

      await watchPresence(bob!, 'Ada');
      const killedAt = Date.now();
      await one.kill();
      // Ada's page (served by node 1) loses its node, then moves to node 2 by itself: her
      // signaling comes back (node 1 is gone, so connected means connected to node 2).
      await expect(ada!.page.getByTestId('signaling-banner')).toHaveAttribute('data-state', 'reconnecting');
      await expect(ada!.page.getByTestId('signaling-banner')).toHaveCount(0, { timeout: NO_GHOST_AFTER });
      console.log(`[redis] Ada was back on node 2 ${Date.now() - killedAt} ms after node 1 died`);
      // Same participant, same call; Bob never lost her for long.
      await expect(bob!.tileOf('Ada')).toHaveAttribute('data-participant-id', adaId!);
      await Promise.all([expectSeesAndHears(ada!, bob!), expectSeesAndHears(bob!, ada!)]);
      const absent = await longestAbsenceMs(bob!);
      console.log(`[redis] Bob saw Ada gone for at most ${Math.round(absent)} ms`);
      expect(absent, 'longest time Bob saw no Ada').toBeLessThanOrEqual(GONE_WITHIN);

      // No ghost: once node 1's heartbeat expired, Redis holds exactly Ada (on node 2) and Bob.
      const settle = NO_GHOST_AFTER - (Date.now() - killedAt);
      if (settle > 0) await bob!.page.waitForTimeout(settle);
      expect(await two.health()).toMatchObject({ rooms: 1, participants: 2 });
      await expect(bob!.tiles).toHaveCount(1);
      await expect(ada!.tiles).toHaveCount(1);
    });
  });

  test('a guest knocking on node 2 is let in by the host on node 1; then they see and hear each other', async ({ people }) => {
    await withTwoNodes(async (one, two) => {
      const room = randomRoomId('knock-nodes');
      const [ada, bob] = await people.launch('Ada', 'Bob');
      await ada!.join(one.url, room);
      await ada!.page.getByTestId('participants-toggle').click();
      await ada!.page.getByTestId('waiting-room-toggle').check();
      await bob!.askToJoin(two.url, room);
      await expect(bob!.page.getByTestId('waiting-screen')).toBeVisible();
      await ada!.page.getByTestId('waiting-person').filter({ hasText: 'Bob' }).getByTestId('admit-button').click();
      await expect(bob!.page.getByTestId('leave-button')).toBeVisible({ timeout: 15_000 });
      await Promise.all([expectSeesAndHears(ada!, bob!), expectSeesAndHears(bob!, ada!)]);
    });
  });
});
