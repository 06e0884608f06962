// Runs the signaling servers in their own Node process, as they would be deployed, so the
// benchmark driver's own work (Playwright, polling) never delays a signaling message.
// Started by servers.mjs#startServers with fork(); answers with the servers' addresses.
import { startJanus } from './janus.mjs';
import { startPageServer, startParley, startPeerServer } from './servers.mjs';

const want = new Set(process.argv.slice(2));
const running = [];
const info = {};
let events = [];
const now = () => performance.timeOrigin + performance.now();
const kindOf = (payload) => payload?.description?.type ?? (payload?.candidate ? 'candidate' : undefined);

/** Records when the server receives and emits each signaling event, on the pages' clock. */
function probe(io) {
  io.on('connection', (socket) => {
    events.push({ t: now(), dir: 'in', event: 'connection' });
    socket.onAny((event, payload) => events.push({ t: now(), dir: 'in', event, kind: kindOf(payload) }));
    socket.onAnyOutgoing((event, payload) => events.push({ t: now(), dir: 'out', event, kind: kindOf(payload) }));
  });
}
try {
  if (want.has('pages')) {
    const s = await startPageServer({
      host: process.env.BENCH_PAGES_HOST || undefined,
      port: Number(process.env.BENCH_PAGES_PORT ?? 0),
    });
    running.push(s);
    info.pages = s.url;
  }
  if (want.has('parley')) {
    // The SDK-only page runs on the page server's origin: let it open signaling connections.
    const s = await startParley({ allowedOrigins: info.pages ? [info.pages] : [] });
    running.push(s);
    info.parley = s.url;
    probe(s.io);
  }
  // Another build of the web app (and so of the SDK bundled in it), served by a second Parley
  // server: BENCH_BASELINE_WEBROOT=<dist folder> compares a change against what it replaces.
  if (want.has('parley-baseline') && process.env.BENCH_BASELINE_WEBROOT) {
    const s = await startParley({ webRoot: process.env.BENCH_BASELINE_WEBROOT });
    running.push(s);
    info.parleyBaseline = s.url;
    probe(s.io);
  }
  // The same server with end-to-end encryption off by default: what E2EE costs, measured beside it.
  if (want.has('parley-plain')) {
    const s = await startParley({ e2ee: false });
    running.push(s);
    info.parleyPlain = s.url;
    probe(s.io);
  }
  // A Parley server with a Janus beside it, whose rooms move to the SFU past two people: a
  // third joins a room already on the SFU.
  if (want.has('parley-sfu')) {
    const janus = await startJanus();
    running.push({ close: () => janus.stop() });
    const s = await startParley({ config: { janusUrls: [janus.url], meshMax: 2, sfuMaxParticipants: 10 } });
    running.push(s);
    info.parleySfu = s.url;
    probe(s.io);
  }
  if (want.has('peer')) {
    const s = await startPeerServer();
    running.push(s);
    info.peer = { host: s.host, port: s.port };
  }
  process.send({ ok: true, info });
} catch (error) {
  process.send({ ok: false, error: String(error?.stack ?? error) });
  process.exit(1);
}

const stop = async () => {
  // Last started, first closed: a Parley server goes before the Janus it uses (else it logs Janus as lost).
  const closeAll = async () => {
    for (const s of [...running].reverse()) await s.close().catch(() => undefined);
  };
  await Promise.race([closeAll(), new Promise((r) => setTimeout(r, 2000))]);
  process.exit(0);
};
process.on('message', (m) => {
  if (m === 'stop') void stop();
  if (m === 'events') {
    process.send({ events });
    events = [];
  }
});
process.on('disconnect', () => void stop());
