import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeConfig } from '@parley/server';
import { NetLab, startLabServices, type Household, type LabServices } from '@parley/testkit';
import { CHROMIUM_PATH, randomRoomId, type Participant } from './browsers.js';
import { expectSeesAndHears } from './call.js';
import { test, type People } from './fixtures.js';

const SERVER_MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'server', 'dist', 'main.js');

/** A running lab: Parley and coturn on its public network, households to add. */
export interface LabWorld extends LabServices {
  readonly lab: NetLab;
  /** How a participant's Chromium starts inside `household` (for `people.launchIn`). */
  browserIn(household: Household): { executablePath: string; args: string[] };
}

/** A network lab (see @parley/testkit NetLab) with the built Parley and coturn on its public network. */
export async function startLabWorld(options: { turn?: boolean; env?: Record<string, string> } = {}): Promise<LabWorld> {
  const lab = await NetLab.create();
  try {
    const services = await startLabServices(lab, { serverMain: SERVER_MAIN, webRoot: makeConfig().webRoot, ...options });
    return {
      ...services,
      lab,
      browserIn: (household) => ({
        executablePath: lab.executableIn(household.ns, CHROMIUM_PATH),
        // http:// on an address that is not this machine: treated as secure, as HTTPS would be, so the camera works.
        args: [`--unsafely-treat-insecure-origin-as-secure=${services.url}`],
      }),
      close: async () => {
        await services.close();
        await lab.close();
      },
    };
  } catch (error) {
    await lab.close();
    throw error;
  }
}

/**
 * A lab world for the tests of one describe block: built before the first, removed after the
 * last; a failed test gets Parley's and coturn's output attached. Returns the running world.
 */
export function useLabWorld(options: { turn?: boolean; env?: Record<string, string> } = {}): () => LabWorld {
  let world: LabWorld | undefined;
  test.beforeAll(async () => {
    world = await startLabWorld(options);
  });
  test.afterAll(async () => {
    await world?.close();
  });
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a hook's fixtures from this pattern; this one needs none.
  test.afterEach(async ({}, testInfo) => {
    if (!world || testInfo.status === testInfo.expectedStatus) return;
    await testInfo.attach('lab parley output', { body: world.serverOutput.join('') || '(nothing)', contentType: 'text/plain' });
    await testInfo.attach('lab coturn output', { body: world.coturn?.output() ?? '(none)', contentType: 'text/plain' });
  });
  return () => {
    if (!world) throw new Error('the lab world is built in beforeAll: use it inside a test');
    return world;
  };
}

/**
 * Ana and Ben, each in a household of their own (their Chromium started with `args` too), join
 * one room, and each sees the other's moving picture and hears their sound.
 */
export async function callBetween(
  world: LabWorld,
  people: People,
  homes: readonly [Household, Household],
  args: readonly string[] = [],
): Promise<[Participant, Participant]> {
  const launched: Participant[] = [];
  for (const [index, name] of ['Ana', 'Ben'].entries()) {
    const browser = world.browserIn(homes[index]!);
    const [person] = await people.launchIn({ ...browser, args: [...browser.args, ...args] }, name);
    launched.push(person!);
  }
  const [ana, ben] = launched as [Participant, Participant];
  const room = randomRoomId('lab');
  await ana.join(world.url, room);
  await ben.join(world.url, room);
  await expectSeesAndHears(ana, ben);
  await expectSeesAndHears(ben, ana);
  return [ana, ben];
}
