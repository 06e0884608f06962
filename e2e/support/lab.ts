import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeConfig } from '@parley/server';
import { NetLab, startLabServices, type Household, type LabServices } from '@parley/testkit';
import { CHROMIUM_PATH } from './browsers.js';

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
