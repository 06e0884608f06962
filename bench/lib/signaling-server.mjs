// One signaling server under test (Parley or peerjs-server) in its own process, run with
// --expose-gc so its heap can be measured alone. Started by lib/signaling-host.mjs; answers
// `memory` (after full GCs) and `connections` over IPC.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PeerServer } from 'peer';
import { ROOT_DIR } from './stats.mjs';
import { watchLoopLateness } from './loopLateness.mjs';

const system = process.argv[2];
let connections = () => 0;
let close = async () => undefined;
let info;

if (system === 'parley') {
  const dist = join(ROOT_DIR, 'packages/server/dist/index.js');
  if (!existsSync(dist)) throw new Error('Parley is not built: run `npm run build` at the repository root.');
  const { createParleyServer, makeConfig } = await import(pathToFileURL(dist).href);
  // Every simulated client comes from an address of its own (127.x.y.z): each limit stays at its
  // default, as a deployment runs, but for the room size (the benchmark's rooms of 4 plus room to move).
  const server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'warn', maxParticipants: 6 }));
  await server.listen();
  connections = () => server.io.of('/').sockets.size;
  close = () => server.close();
  info = { url: server.url() };
} else if (system === 'peerjs') {
  let count = 0;
  const httpServer = await new Promise((resolve) => {
    // concurrent_limit defaults to 5000: raised so both systems hold the same load.
    const peer = PeerServer({ port: 0, host: '127.0.0.1', path: '/', concurrent_limit: 1_000_000 }, (server) => resolve(server));
    peer.on('connection', () => (count += 1));
    peer.on('disconnect', () => (count -= 1));
  });
  connections = () => count;
  close = () =>
    new Promise((resolve) => {
      httpServer.close(() => resolve());
      httpServer.closeAllConnections?.();
    });
  info = { host: '127.0.0.1', port: httpServer.address().port };
} else {
  throw new Error(`unknown system ${system}`);
}

// The server's own share of the work, apart from the load generator's: CPU time and how late
// its event loop ran (a relay waits that long before its handler starts), from `mark` on.
const loopLateness = watchLoopLateness();
let markedCpu = process.cpuUsage();
let markedAt = performance.now();

const settle = () => new Promise((resolve) => setImmediate(resolve));
process.on('message', async (message) => {
  if (message === 'memory') {
    for (let i = 0; i < 4; i++) {
      globalThis.gc();
      await settle();
    }
    const { heapUsed, rss } = process.memoryUsage();
    process.send({ memory: { heapUsed, rss } });
  } else if (message === 'mark') {
    loopLateness.reset();
    markedCpu = process.cpuUsage();
    markedAt = performance.now();
    process.send({ marked: true });
  } else if (message === 'usage') {
    const cpu = process.cpuUsage(markedCpu);
    process.send({
      usage: {
        seconds: Math.round(performance.now() - markedAt) / 1000,
        cpuSeconds: Math.round((cpu.user + cpu.system) / 1e3) / 1000,
        loopDelayMs: loopLateness.summary(),
      },
    });
  } else if (message === 'snapshot') {
    // BENCH_SIGNALING_SNAPSHOT_DIR: a heap snapshot of the loaded server, to see where its bytes go.
    const { writeHeapSnapshot } = await import('node:v8');
    process.send({ snapshot: writeHeapSnapshot(join(process.env.BENCH_SIGNALING_SNAPSHOT_DIR, `${system}-${Date.now()}.heapsnapshot`)) });
  } else if (message === 'connections') {
    process.send({ connections: connections() });
  } else if (message === 'stop') {
    await Promise.race([close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 3000))]);
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: info });
