// A Parley server in its own process, so a test can measure its heap alone (run with --expose-gc).
// Config overrides come as JSON in PARLEY_TEST_CONFIG; the parent asks over IPC.
import { createParleyServer, makeConfig } from '@parley/server';

const overrides = JSON.parse(process.env.PARLEY_TEST_CONFIG ?? '{}');
const server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', ...overrides }));
await server.listen();

const settle = () => new Promise((resolve) => setImmediate(resolve));

process.on('message', async (message) => {
  if (message?.type === 'heap') {
    for (let i = 0; i < 4; i++) {
      globalThis.gc();
      await settle();
    }
    const { heapUsed, rss } = process.memoryUsage();
    process.send({ type: 'heap', heapUsed, rss });
  } else if (message?.type === 'stats') {
    process.send({ type: 'stats', ...(await server.store.stats()), connections: server.io.of('/').sockets.size });
  }
});
process.send({ type: 'ready', url: server.url() });
