// The README section of the signaling benchmark (bench/results/signaling.json); used by readme-table.mjs.

const ms = (v) => (typeof v === 'number' ? `${v < 10 ? v.toFixed(1) : Math.round(v)} ms` : '–');
const kib = (v) => (typeof v === 'number' ? `${v.toFixed(1)} KiB` : '–');
const x = (v) => (typeof v === 'number' ? `${v.toFixed(2)}×` : '–');
const LABELS = { parley: 'Parley (socket.io, validated, rate-limited)', peerjs: 'peerjs-server (`peer`)' };

export function signalingSection(r) {
  const c = r.config;
  const load = r.machine?.loadAverageAtEnd?.[0];
  const lines = [
    `### Signaling at scale: ${c.scales.map((n) => n.toLocaleString('en')).join(' and ')} clients in rooms of ${c.roomSize}`,
    '',
    `Each server alone in its own process (heap measured after full GCs, with every client in its room); the clients in ` +
      `${c.workers} worker processes on the same machine` +
      `${c.addressPerClient ? ', each client from an address of its own (127.x.y.z), so every per-address limit stays at its default' : ''}. Per pair of room-mates an offer (~3 KB), an answer and ` +
      `${c.candidatesPerExchange} candidates each way, then every client sends a candidate to a room-mate every ` +
      `${c.signalIntervalMs / 1000} s; each run lasts ${c.steadyMs / 1000} s plus ${c.rampMsPerClient} ms per client, ` +
      `connecting (${c.connectConcurrency} at a time) included (${r.date?.slice(0, 10)}` +
      `${typeof load === 'number' ? `; load average ${load.toFixed(1)} on ${r.machine.cpus} cores at the end` : ''}). ` +
      `"Ready" is a new client's wait from opening its connection until it can signal (Parley: connect + join acknowledged; ` +
      `PeerJS: connect + OPEN). "Steady": messages sent from ${(c.steadyAfterMs ?? 1000) / 1000} s after a worker's last ` +
      `client connected (the ramp-up's bursts of offers and the pause of the memory measurement's forced GCs excluded). ` +
      `"Server CPU" (100% = one core) and "Server loop delay" (how late the server's event loop ran, so how long a message ` +
      `waited before its handler started) are the server process's own, from everyone in their room to the end: the relay ` +
      `latency also holds the load generator's delays ("Generator loop delay", its worst worker's, the whole run).`,
    '',
    '| System | Clients | Held | Heap per connection | RSS per connection | Ready p50 | Ready p99 | Relay p50 | Relay p99 | Relay p50, steady | Relay p99, steady | Relayed | Lost | Dropped | Server CPU | Server loop delay p99 | Generator loop delay p99 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.runs.map(
      (run) =>
        `| ${LABELS[run.system] ?? run.system} | ${run.clients.toLocaleString('en')} | ${run.connectionsHeld?.toLocaleString('en') ?? '–'} | ` +
        `${kib(run.memory.heapKiBPerConnection)} | ${kib(run.memory.rssKiBPerConnection)} | ${ms(run.readyMs.p50)} | ${ms(run.readyMs.p99)} | ` +
        `${ms(run.relayMs.p50)} | ${ms(run.relayMs.p99)} | ${ms(run.steadyRelayMs?.p50)} | ${ms(run.steadyRelayMs?.p99)} | ${run.report.received.toLocaleString('en')} | ${run.report.lost} | ${run.report.errorsByCode?.disconnected ?? 0} | ` +
        `${run.server ? `${Math.round((100 * run.server.cpuSeconds) / run.server.seconds)}%` : '–'} | ${ms(run.server?.loopDelayMs.p99)} | ${ms(run.generatorLoopDelayMs?.p99)} |`,
    ),
    '',
  ];
  const largest = Math.max(...c.scales);
  const parley = r.runs.find((run) => run.system === 'parley' && run.clients === largest);
  const compare = r.comparisons.find((entry) => entry.clients === largest);
  if (parley && compare) {
    lines.push(
      `**Relay p99 at ${largest.toLocaleString('en')} clients: ${ms(parley.steadyRelayMs?.p99)} steady, ${ms(parley.relayMs.p99)} ` +
        `with the ramp-up** (goal < 50 ms). Parley ÷ peerjs-server at ${largest.toLocaleString('en')}: relay p99 ` +
        `${x(compare.steadyRelayP99ParleyVsPeerjs)} steady, ${x(compare.relayP99ParleyVsPeerjs)} overall, ` +
        `ready p50 ${x(compare.readyP50ParleyVsPeerjs)}, heap per connection ${x(compare.heapPerConnectionParleyVsPeerjs)} ` +
        `(goal < 1.00× on latency and memory). Parley's join alone (request → acknowledgement) p50 ${ms(parley.joinMs.p50)}, p99 ${ms(parley.joinMs.p99)}.`,
    );
  }
  return lines;
}
