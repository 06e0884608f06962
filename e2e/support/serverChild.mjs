// The Parley server in a process of its own, for the tests: the same createParleyServer as
// `npm start`, with the settings the test chose (JSON in PARLEY_E2E_CONFIG). A test runner's
// event loop busy with browsers (seen stalled 9.6 s with five of them on two cores) then never
// holds up signaling, as in a real deployment.
import { createParleyServer, makeConfig } from '@parley/server';

const server = await createParleyServer(makeConfig(JSON.parse(process.env.PARLEY_E2E_CONFIG ?? '{}')));
await server.listen();
process.once('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
