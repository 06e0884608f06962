// `npm run lab -- <scenario>`: builds one of the network lab's scenarios (two households behind
// their own NAT routers, Parley and coturn on a public network; see docs/NETWORK-LAB.md) and
// prints how to open a browser in each household. Runs until Ctrl-C, then removes everything it
// made. Needs root, iproute2 and nftables; the tree must be built (npm run build).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAB_SCENARIOS, NetLab, startLabServices } from '@parley/testkit';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
const scenario = LAB_SCENARIOS[name];
if (!scenario) {
  console.error(
    `usage: npm run lab -- <scenario>\n\nscenarios:\n${Object.entries(LAB_SCENARIOS)
      .map(([key, { description }]) => `  ${key.padEnd(18)} ${description}`)
      .join('\n')}`,
  );
  process.exit(2);
}

const lab = await NetLab.create();
let services;
const stop = async () => {
  await services?.close();
  await lab.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
try {
  services = await startLabServices(lab, {
    serverMain: join(root, 'packages/server/dist/main.js'),
    webRoot: join(root, 'packages/web/dist'),
    turn: scenario.turn,
    logLevel: 'info',
  });
  const room = `lab-${name}`;
  console.log(
    `${name}: ${scenario.description}\nParley: ${services.url}${services.coturn ? `, coturn: ${services.coturn.host}:${services.coturn.port}` : ', no TURN'}\n`,
  );
  for (const [index, person] of ['Ana', 'Ben'].entries()) {
    const household = await lab.household(person, scenario.households[index]);
    console.log(`${person}: ${household.address} behind ${household.publicAddress} (${JSON.stringify(scenario.households[index])})`);
    console.log(
      // The wrapper enters the household's namespace (and its CPU group, for a starved laptop).
      `  ${lab.executableIn(household.ns, 'chromium')} --user-data-dir=$(mktemp -d) --unsafely-treat-insecure-origin-as-secure=${services.url} '${services.url}/r/${room}?name=${person}'\n`,
    );
  }
  console.log('Ctrl-C ends the lab and removes its namespaces.');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stop();
}
