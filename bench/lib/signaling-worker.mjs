// One worker process of simulated signaling clients (lib/signaling-host.mjs forks several):
// Parley's through @parley/client/load, peerjs-server's through lib/peerjs-load.mjs.
// Gets its share of the load over IPC, reports progress each second and its report at the end.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT_DIR } from './stats.mjs';
import { runPeerjsLoad } from './peerjs-load.mjs';
import { watchLoopLateness } from './loopLateness.mjs';

const { loopbackAddress, runSignalingLoad } = await import(pathToFileURL(join(ROOT_DIR, 'packages/client/dist/load/index.js')).href);

// How late this process's own event loop ran: a relayed message waits that long here too before it
// is read and timed, so the relay latency holds the generator's delays beside the server's.
process.once('message', async (task) => {
  const loopLateness = watchLoopLateness();
  const onProgress = (progress) => process.send({ progress });
  // One source address per client (this worker's block of them), as people in the field have:
  // the servers' per-address limits then apply per person and stay at their defaults.
  const clientAddress = (index) => loopbackAddress(task.firstAddress + index);
  const common = { ...task.load, onProgress, keepSamples: true, clientAddress };
  let reply;
  try {
    const report =
      task.system === 'parley'
        ? await runSignalingLoad({ ...common, serverUrl: task.server.url })
        : await runPeerjsLoad({ ...common, host: task.server.host, port: task.server.port });
    const generatorLoopDelayMs = loopLateness.summary();
    reply = { report: { ...report, generatorLoopDelayMs } };
  } catch (error) {
    reply = { error: String(error?.stack ?? error) };
  }
  // Exit only once the (large) report has left: process.send is asynchronous.
  process.send(reply, () => process.exit(0));
});
