// Rewrites the README section between <!-- bench:start --> and <!-- bench:end --> from
// bench/results/*.json. Run by `npm run bench`; alone: `node bench/readme-table.mjs`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR, ROOT_DIR } from './lib/stats.mjs';
import { signalingSection } from './signaling-table.mjs';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
const ORDER = ['join', 'join-sfu', 'latency', 'mesh', 'sfu', 'datachannel', 'signaling', 'processing', 'e2ee', 'network', 'firstload'];

export function readResults() {
  if (!existsSync(RESULTS_DIR)) return {};
  const out = {};
  for (const file of readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    try {
      const data = JSON.parse(readFileSync(join(RESULTS_DIR, file), 'utf8'));
      out[data.name ?? file.replace(/\.json$/, '')] = data;
    } catch {
      // A half-written or foreign file is skipped, never fatal.
    }
  }
  return out;
}

/** An earlier run of one benchmark kept beside the latest (bench/results/repeats/<name>.json), or null. */
function readRepeat(name) {
  const path = join(RESULTS_DIR, 'repeats', `${name}.json`);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const ms = (v) => (v === null || v === undefined ? '–' : `${Math.round(v)} ms`);
const x = (v) => (v === null || v === undefined ? '–' : `${v.toFixed(2)}×`);
const day = (iso) => (iso ? iso.slice(0, 10) : '?');
/** The machine's 1-minute load average when the run ended: how busy the shared machine was. */
const load = (r) => {
  const l = r.machine?.loadAverageAtEnd?.[0];
  return typeof l === 'number' ? `; load average ${l.toFixed(1)} on ${r.machine.cpus} cores at the end` : '';
};

function joinSection(r) {
  const s = r.summary;
  const v = r.versions ?? {};
  const rows = [
    ['Parley (web app: click Join)', 'parley'],
    ['Bare RTCPeerConnection pair + WebSocket relay (the limit)', 'bare'],
    [`PeerJS ${v.peerjs ?? ''} + \`peer\` ${v.peer ?? ''} server`, 'peerjs'],
    ['Bare pair, video started at half size as Parley does', 'bareFast'],
    ['Parley SDK and server without the web app (diagnostic)', 'parleySdk'],
  ].filter(([, key]) => s[key]);
  const bare = s.bare?.joinMs.p50;
  const lines = [
    `### Join time: click Join → first remote frame`,
    '',
    `${r.config.joins} joins per system, interleaved, fresh room each, two Chromium processes on loopback (${day(r.date)}${load(r)}).`,
    '',
    '| System | p50 | p95 | p50 vs bare pair |',
    '|---|---:|---:|---:|',
    ...rows.map(([label, key]) => {
      const j = s[key]?.joinMs;
      return `| ${label} | ${ms(j?.p50)} | ${ms(j?.p95)} | ${x(j && bare ? j.p50 / bare : null)} |`;
    }),
    '',
    `**Parley vs bare pair: ${x(r.ratios.parleyVsBare)}** (goal ≤ 1.25×, overhead ${ms(r.overheadMs?.parleyOverBareP50)} at p50); ` +
      `**Parley vs PeerJS: ${x(r.ratios.parleyVsPeerjs)}** (goal < 1.00×).` +
      (r.pairedRatios
        ? ` Median of the per-iteration ratios: ${x(r.pairedRatios.parleyVsBare)} vs bare, ${x(r.pairedRatios.parleyVsPeerjs)} vs PeerJS.`
        : '') +
      (typeof r.ratios.parleyVsBareFast === 'number'
        ? ` Parley starts HD video at half size (libwebrtc otherwise drops the first frames of a 720p camera at the ` +
          `start bitrate); a bare pair doing the same is the limit for that start: **Parley vs it: ${x(r.ratios.parleyVsBareFast)}**.`
        : ''),
  ];
  const repeat = readRepeat('join');
  if (repeat?.ratios) {
    lines.push(
      '',
      `The run before it (${day(repeat.date)}${load(repeat)}), to show the ratios reproduce: Parley vs bare pair ${x(repeat.ratios.parleyVsBare)}, ` +
        `vs PeerJS ${x(repeat.ratios.parleyVsPeerjs)}` +
        (repeat.pairedRatios
          ? ` (per-iteration medians ${x(repeat.pairedRatios.parleyVsBare)} and ${x(repeat.pairedRatios.parleyVsPeerjs)}).`
          : '.'),
    );
  }
  const t = r.timelineMedianMs;
  if (t?.parley?.phases) {
    lines.push(
      '',
      'Where the time goes (median ms of each phase; phases add up to the join):',
      '',
      `| Phase | Parley | Bare pair | PeerJS |${t.bareFast ? ' Bare, half-size start |' : ''}${t.parleySdk ? ' Parley SDK, no UI |' : ''}`,
      `|---|---:|---:|---:|${t.bareFast ? '---:|' : ''}${t.parleySdk ? '---:|' : ''}`,
      ...Object.entries(r.phases ?? {}).map(
        ([key, what]) =>
          `| ${what} | ${t.parley.phases[key] ?? '–'} | ${t.bare?.phases?.[key] ?? '–'} | ${t.peerjs?.phases?.[key] ?? '–'} |` +
          (t.bareFast ? ` ${t.bareFast.phases?.[key] ?? '–'} |` : '') +
          (t.parleySdk ? ` ${t.parleySdk.phases?.[key] ?? '–'} |` : ''),
      ),
    );
  }
  return lines;
}

function joinSfuSection(r) {
  const s = r.summary;
  return [
    '### Join time into a room on the SFU',
    '',
    `${r.config.joins} joins each, interleaved: the fourth person clicks Join in a room whose three others already publish through Janus; ` +
      `beside it the bare pair that starts video at half size, a two-person mesh call, ` +
      `${r.config.publishersStayForBothSystems ? 'joining while the same three publishers run' : 'joining on an otherwise idle machine'} ` +
      `(${day(r.date)}${load(r)}${r.loadAtClickMedian ? `; median load average at the click ${r.loadAtClickMedian.parleySfu} and ${r.loadAtClickMedian.bareFast}: five browsers on two cores` : ''}).`,
    '',
    '| System | p50 | p95 | p50 vs bare, half-size start |',
    '|---|---:|---:|---:|',
    `| Parley (web app), through Janus | ${ms(s.parleySfu.joinMs.p50)} | ${ms(s.parleySfu.joinMs.p95)} | ${x(r.ratios.parleySfuVsBareFast)} |`,
    `| Bare pair, video started at half size (mesh) | ${ms(s.bareFast.joinMs.p50)} | ${ms(s.bareFast.joinMs.p95)} | 1.00× |`,
    '',
    `Median of the per-iteration ratios: ${x(r.pairedRatios.parleySfuVsBareFast)} (goal ≤ ${x(r.goal.parleySfuVsBareFastAtMost)}).`,
  ];
}

function latencySection(r) {
  const s = r.summary;
  const c = r.comparison;
  return [
    `### Glass-to-glass latency at ${r.config.fps} fps`,
    '',
    `A frame counter drawn on the sender's canvas camera, read back from the receiver's rendered frames; ` +
      `${r.config.width}×${r.config.height}, rounds rotating the order of the systems (${day(r.date)}${load(r)}).`,
    '',
    '| System | p50 | p95 | frames |',
    '|---|---:|---:|---:|',
    `| Parley (web app) | ${ms(s.parley.latencyMs.p50)} | ${ms(s.parley.latencyMs.p95)} | ${s.parley.latencyMs.n} |`,
    `| Bare RTCPeerConnection pair, tracks sent as Parley sends them | ${ms(s.bare.latencyMs.p50)} | ${ms(s.bare.latencyMs.p95)} | ${s.bare.latencyMs.n} |`,
    ...(s.bareSync
      ? [
          `| Bare pair, tracks in one MediaStream (receiver lip-syncs video to audio) | ${ms(s.bareSync.latencyMs.p50)} | ${ms(s.bareSync.latencyMs.p95)} | ${s.bareSync.latencyMs.n} |`,
        ]
      : []),
    '',
    `**Parley − bare pair at the median: ${c.medianDiffMs} ms = ${c.medianDiffFrames} frame intervals** ` +
      `(goal ≤ 1; ratio ${x(c.parleyVsBare)}).` +
      (typeof c.lipSyncCostMs === 'number' ? ` Lip sync costs the bare pair ${c.lipSyncCostMs} ms at the median.` : ''),
  ];
}

function meshSection(r) {
  const lines = [
    '### Mesh cost per participant',
    '',
    `Parley rooms of ${r.config.sizes.join(', ')} in one run, each participant its own Chromium process with a fake ` +
      `${r.config.camera.width}×${r.config.camera.height} camera, measured over ${r.config.windowMs / 1000} s ` +
      `after ${r.config.steadyMs / 1000} s of steady state (${day(r.date)}${load(r)}; 100% = one core).`,
    '',
    '| Room | CPU per participant | Upload per participant | Received fps per stream | CPU vs room of 2 | Upload vs room of 2 |',
    '|---:|---:|---:|---:|---:|---:|',
  ];
  for (const room of r.rooms) {
    const p = room.perParticipant;
    const g = r.ratios?.[room.participants] ?? {};
    lines.push(
      `| ${room.participants}${room.stable === false ? ' (links dropped during the window)' : ''} | ${p.cpuPercent.median}% | ${p.uploadKbps.median} kbit/s | ${p.receivedFpsPerStream.median} | ${x(g.cpuVs2)} | ${x(g.uploadVs2)} |`,
    );
  }
  return lines;
}

function sfuSection(r) {
  const lines = [
    '### Mesh versus SFU (Janus), one participant',
    '',
    `Rooms of ${r.config.sizes.join(' and ')}, each in mesh mode and in SFU mode in one run; each participant its own ` +
      `Chromium process with a fake ${r.config.camera.width}×${r.config.camera.height} camera; participant 1 measured over ` +
      `${r.config.windowMs / 1000} s after ${r.config.steadyMs / 1000} s of steady state (${day(r.date)}${load(r)}; 100% = one core; ` +
      "Janus on the same machine, its CPU not counted in the participant's).",
    '',
    '| Room | Mode | CPU of one participant | Its upload | Received fps per remote video | Janus CPU |',
    '|---:|---|---:|---:|---:|---:|',
  ];
  for (const row of r.rows) {
    lines.push(
      `| ${row.participants}${row.stable === false ? ' (a connection dropped during the window)' : ''} | ${row.mode} | ${row.cpuPercent}% | ${row.uploadKbps} kbit/s | ${row.receivedFps} | ${row.janusCpuPercent === null ? '–' : `${row.janusCpuPercent}%`} |`,
    );
  }
  lines.push(
    '',
    ...Object.entries(r.ratios).map(([size, g]) => `Room of ${size}: SFU/mesh CPU ${x(g.cpuSfuVsMesh)}, upload ${x(g.uploadSfuVsMesh)}.`),
  );
  lines.push(
    '',
    'Read CPU together with the received frame rate: a row whose frame rate collapsed was starved of CPU (the ' +
      'machine is shared), so its CPU is what the browser got, not what the room needed.',
  );
  return lines;
}

function datachannelSection(r) {
  const s = r.summary;
  const mib = r.config.bytes / 2 ** 20;
  const cpu = (v, key) => v?.cpuSecondsPerGiB[key]?.median ?? '–';
  const row = (label, key) => {
    const v = s[key];
    return `| ${label} | ${v?.mbPerSecond.median ?? '–'} MB/s | ${cpu(v, 'sender')} | ${cpu(v, 'receiver')} | ${cpu(v, 'application')} | ${v?.runs ?? 0} |`;
  };
  const loads = Object.values(s).flatMap((v) => v.loadAverage1m ?? []);
  const speeds = ['parley', 'raw', 'peerjs'].flatMap((key) => s[key]?.mbPerSecond.values ?? []);
  const spread = (values) => (values?.length ? `${x(Math.min(...values))} to ${x(Math.max(...values))}` : '–');
  const sweep = Object.entries(s).filter(([name]) => /^raw\d+k$/.test(name));
  return [
    `### File transfer over a data channel: ${mib} MiB`,
    '',
    `Two Chromium processes on loopback (regular profiles, no camera or microphone), ${r.config.runs} rounds, each running every system once in an order rotated round by round (${day(r.date)}` +
      (loads.length
        ? `; load average ${Math.min(...loads)}–${Math.max(...loads)} over the runs on ${r.machine?.cpus ?? '?'} cores, the browsers at nice ${r.config.nice ?? 0}`
        : '') +
      '). The transfer is CPU-bound here, so whatever else runs on this shared machine moves every run' +
      (speeds.length ? ` (from ${Math.min(...speeds)} to ${Math.max(...speeds)} MB/s in this run)` : '') +
      ": compare the medians and each round's ratios, and above all the CPU per GiB, which the load moves much less.",
    '',
    "| System | MB/s (median) | CPU s/GiB sender | CPU s/GiB receiver | CPU s/GiB outside the data channel's threads (both sides) | runs |",
    '|---|---:|---:|---:|---:|---:|',
    row('Parley (web app: accept → OPFS → SHA-256 verified)', 'parley'),
    row(`Raw RTCDataChannel loop, ${(r.config.chunkBytes ?? 262144) / 1024} KiB messages, no file, no hash (the limit)`, 'raw'),
    row(`PeerJS ${r.versions?.peerjs ?? ''} + \`peer\` server (no verification)`, 'peerjs'),
    ...(s.parleyBaseline ? [row('Parley baseline (another build, BENCH_BASELINE_WEBROOT)', 'parleyBaseline')] : []),
    '',
    `**Parley vs raw: ${x(r.ratios.parleyVsRaw)}** (goal ≥ 0.95×); **Parley vs PeerJS: ${x(r.ratios.parleyVsPeerjs)}** (goal > 1.00×).`,
    ...(r.sameRound
      ? [
          '',
          `Round by round (each Parley run against the others of its round, seconds apart): vs raw ${x(r.sameRound.parleyVsRaw.median)} at the median ` +
            `(${spread(r.sameRound.parleyVsRaw.values)}), vs PeerJS ${x(r.sameRound.parleyVsPeerjs.median)} (${spread(r.sameRound.parleyVsPeerjs.values)}); ` +
            `CPU per byte (sender + receiver), raw ÷ Parley ${x(r.sameRound.rawCpuOverParleyCpu)}, PeerJS ÷ Parley ${x(r.sameRound.peerjsCpuOverParleyCpu)}` +
            (r.sameRound.parleyVsBaseline
              ? `; vs the baseline build ${x(r.sameRound.parleyVsBaseline.median)} (${spread(r.sameRound.parleyVsBaseline.values)}), its CPU ÷ Parley's ${x(r.sameRound.baselineCpuOverParleyCpu)}`
              : '') +
            '. The raw loop reads no file, stores nothing and hashes nothing; Parley reads the file, writes it to disk and hashes it on both sides ' +
            `(about 8 CPU s/GiB of SHA-256 alone): ${cpu(s.parley, 'application')} CPU s/GiB outside the data channel's threads against the raw loop's ${cpu(s.raw, 'application')}. ` +
            'On a quiet machine that work shows as throughput: while tuning (2026-11-22, load 2 to 5, 64 MiB), Parley ran at 0.7× to 0.9× the raw loop.',
        ]
      : []),
    ...(sweep.length
      ? [
          '',
          `Raw loop by message size (${(r.config.sweep?.bytes ?? 0) / 2 ** 20} MiB each, in the same rounds): ` +
            sweep.map(([name, v]) => `${name.slice(3, -1)} KiB ${v.mbPerSecond.median} MB/s, ${cpu(v, 'total')} CPU s/GiB`).join('; ') +
            '.',
        ]
      : []),
  ];
}

const PROCESSING_LABELS = {
  none: 'None (browser’s own suppressor, camera as captured)',
  'noise-suppression': 'Noise suppression (RNNoise, AudioWorklet)',
  blur: 'Background blur (light, worker)',
  both: 'Both',
};

function processingSection(r) {
  const loads = r.runs.map((run) => run.load1);
  const lines = [
    '### Sender processing: noise suppression and background blur',
    '',
    `A call of two, the sender's fake camera at ${r.config.camera.width}×${r.config.camera.height} and ${r.config.camera.frameRate} fps, ` +
      `each setting in each of ${r.config.iterations} iterations (order rotating), measured over ` +
      `${r.config.windowMs / 1000} s (${day(r.date)}; load average ${Math.min(...loads)}–${Math.max(...loads)} on ` +
      `${r.machine.cpus} cores during the run; 100% = one core, the sender's whole browser). ` +
      "The encoder's own time is the video encoder's `totalEncodeTime` over the window (webrtc-stats), as a share of one core.",
    '',
    "| Sender | CPU (median) | Added CPU, paired (median) | Encoder's own time (median) | Frames sent per second (median) |",
    '|---|---:|---:|---:|---:|',
  ];
  for (const [setting, s] of Object.entries(r.settings)) {
    const added = r.addedCpuPoints?.[setting];
    lines.push(
      `| ${PROCESSING_LABELS[setting] ?? setting} | ${s.senderCpuPercent.p50}% | ${added ? `${added.median >= 0 ? '+' : '−'}${Math.abs(added.median)}` : '–'} | ${s.encoderCpuPercent ? `${s.encoderCpuPercent.p50}%` : '–'} | ${s.sentFps.p50} |`,
    );
  }
  const gaveUp = r.runs.filter((run) => run.backgroundStatus && run.backgroundStatus !== 'on' && run.backgroundStatus !== 'off');
  if (gaveUp.length > 0) {
    lines.push(
      '',
      `Blur stopped itself as too slow in ${gaveUp.length} of ${r.runs.filter((run) => run.setting === 'blur' || run.setting === 'both').length} runs with it.`,
    );
  }
  return lines;
}

function e2eeSection(r) {
  const s = r.summary;
  const repeat = readRepeat('e2ee')?.summary;
  const ratioLine = (label, encrypted, plain, ratio, goal, earlier) =>
    `| ${label} | ${encrypted} | ${plain} | **${x(ratio)}** | ≤ ${goal} | ${earlier === undefined ? '–' : x(earlier)} |`;
  return [
    '### End-to-end encryption: what it costs',
    '',
    `The same web app and server with rooms end-to-end encrypted (the default: SFrame in a worker) and with it off, in one run, ` +
      `interleaved (${day(r.date)}; load average ${s.load1.min}–${s.load1.max} on ${r.machine.cpus} cores during the run). ` +
      `Join: ${r.config.joins} per mode, click Join → first remote frame of a two-person call. Sender CPU: the sender's whole ` +
      `browser over a 5 s window of a two-person call at 640×360, 30 fps, ${r.config.cpuIterations} iterations per mode ` +
      `(100% = one core). Ratios are encrypted / off, paired by round (median).`,
    '',
    '| Measure | Encrypted (p50) | Off (p50) | Ratio, paired | Goal | The run before |',
    '|---|---:|---:|---:|---:|---:|',
    ratioLine(
      'Join',
      ms(s.join.encryptedMs.p50),
      ms(s.join.plainMs.p50),
      s.join.pairedRatioMedian,
      '1.10×',
      repeat?.join?.pairedRatioMedian,
    ),
    ratioLine(
      'Sender CPU',
      `${s.senderCpu.encryptedPercent.p50}%`,
      `${s.senderCpu.plainPercent.p50}%`,
      s.senderCpu.pairedRatioMedian,
      '1.15×',
      repeat?.senderCpu?.pairedRatioMedian,
    ),
  ];
}

const NETWORK_LABELS = {
  'loss-5': '5 % packet loss',
  'loss-10': '10 % packet loss',
  'loss-20': '20 % packet loss',
  'rate-1000': '1000 kbit/s',
  'rate-300': '300 kbit/s',
  'rate-120': '120 kbit/s (too little for video)',
  'delay-150': '150 ± 30 ms delay each way',
  'cpu-20': "Ben's browser at 20 % of a core",
  'address-change': 'Moves to another public address',
};

function networkSection(r) {
  const loads = r.runs.map((run) => run.load1).filter((l) => typeof l === 'number');
  const num = (v, unit = '') => (v === null || v === undefined ? '–' : `${v}${unit}`);
  const pair = (row, key, unit) => `${num(row.parley[key], unit)} / ${num(row.bare[key], unit)}`;
  const recovery = (v) => {
    if (v.recoveryMs === undefined) return '–';
    const ok = v.recovered ?? 0;
    // A call that failed to start had no move to recover from (said below the table).
    const started = v.calls - (v.failed ?? 0);
    const within = `${r.config.measureMs / 1000} s`;
    if (ok === 0) return `not within ${within}`;
    const s = `${(v.recoveryMs / 1000).toFixed(1)} s`;
    return ok < started ? `${s} (${ok} of ${started} calls; the others not within ${within})` : s;
  };
  const failed = Object.entries(r.summary).flatMap(([name, row]) =>
    ['parley', 'bare'].filter((k) => row[k].failed > 0).map((k) => `${name} ${k}: ${row[k].failed} of ${row[k].calls}`),
  );
  const repeat = readRepeat('network');
  const paths = (key) => [...new Set(Object.values(r.summary).flatMap((row) => row[key].paths))].join(', ') || '–';
  return [
    '### Calls over bad networks (network lab)',
    '',
    `Two Chromium processes, each in its own household (network namespaces) behind an endpoint-independent NAT, with a steady ` +
      "tone as microphone and the fake camera; Parley, coturn and the bare pair's pages and relay on the lab's public network, " +
      "the bare pair given the same STUN and TURN servers. Once both see each other, Ben's link turns bad (each way); after " +
      `${r.config.warmupMs / 1000} s, ${r.config.measureMs / 1000} s are measured at both receivers (webrtc-stats inbound-rtp). ` +
      `Medians over ${r.config.rounds} round${r.config.rounds === 1 ? '' : 's'} × both directions, the systems alternating which goes first (${day(r.date)}` +
      (loads.length ? `; load average ${Math.min(...loads)}–${Math.max(...loads)} on ${r.machine.cpus} cores during the run` : '') +
      '). Each cell is Parley / bare pair. A freeze is counted when a frame ends it: a picture that never came back ' +
      'counts none, so read the move by its last column. At 120 kbit/s Parley pauses the video on purpose (both tiles say so ' +
      'and the sound carries on) where the bare pair sends what it can: read that row by its audio.',
    '',
    "| Ben's link | Received fps | Received height at the end | Freezes per min | Frozen s per min | Audio concealed | Concealed, Parley ÷ bare | Both pictures back after the move |",
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...Object.entries(r.summary).map(
      ([name, row]) =>
        `| ${NETWORK_LABELS[name] ?? name} | ${pair(row, 'fps')} | ${pair(row, 'frameHeight', 'p')} | ${pair(row, 'freezesPerMin')} | ${pair(row, 'freezeSecondsPerMin')} | ` +
        `${pair(row, 'concealedPercent', ' %')} | ${x(row.concealmentParleyVsBare)} | ` +
        `${name === 'address-change' ? `${recovery(row.parley)} / ${recovery(row.bare)}` : '–'} |`,
    ),
    '',
    `Selected paths (local → remote candidate type): Parley ${paths('parley')}; bare pair ${paths('bare')}.` +
      (failed.length ? ` Calls that failed to start: ${failed.join('; ')}.` : ''),
    ...(repeat?.summary
      ? [
          '',
          `The run before it (${day(repeat.date)}, ${repeat.versions?.parleyCommit ?? '?'}${load(repeat)}), to show the ratios reproduce: concealed, Parley ÷ bare, ` +
            Object.entries(repeat.summary)
              .filter(([, row]) => typeof row.concealmentParleyVsBare === 'number')
              .map(([name, row]) => `${(NETWORK_LABELS[name] ?? name).toLowerCase()} ${x(row.concealmentParleyVsBare)}`)
              .join(', ') +
            (repeat.summary['address-change']
              ? `; back after the move ${recovery(repeat.summary['address-change'].parley)} / ${recovery(repeat.summary['address-change'].bare)}.`
              : '.'),
        ]
      : []),
  ];
}

function firstloadSection(r) {
  const loads = r.runs.map((run) => run.load1).filter((l) => typeof l === 'number');
  const rows = [
    ['parley', 'Parley'],
    ['baseline', `The build it replaced (${r.config.baselineCommit ?? r.config.baseline ?? '?'})`],
  ].filter(([key]) => r.summary[key]);
  const repeat = readRepeat('firstload');
  return [
    '### First load on a phone network',
    '',
    `Chromium opens a meeting link in a fresh browser context under Lighthouse's mobile throttling (150 ms round trip, 1.6 Mbit/s down, ` +
      `750 kbit/s up; Chromium's own network emulation), then once more from its cache; medians of ${r.config.loads} loads each, ` +
      `alternating (${day(r.date)}` +
      (loads.length ? `; load average ${Math.min(...loads)}–${Math.max(...loads)} on ${r.machine.cpus} cores during the run` : '') +
      '). Times are from navigation start; JavaScript is what arrived before the lobby showed, as received (compressed, with headers).',
    '',
    '| Build | Lobby shown | Ready to join (camera on) | JavaScript before the lobby | Files | Decoded | Again, from the cache |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(([key, label]) => {
      const s = r.summary[key];
      return (
        `| ${label} | ${ms(s.shownMs)} | ${ms(s.readyMs)} | ${s.scriptTransferKiB} KiB | ${s.scripts} | ${s.scriptDecodedKiB} KiB | ` +
        `${ms(s.warmShownMs)}, ${s.warmScriptTransferKiB} KiB |`
      );
    }),
    ...(r.ratios?.shownParleyVsBaseline
      ? [
          '',
          `Lobby shown, Parley ÷ the build it replaced: ${x(r.ratios.shownParleyVsBaseline)}; JavaScript bytes: ${x(r.ratios.scriptBytesParleyVsBaseline)}.`,
        ]
      : []),
    ...(repeat?.ratios?.shownParleyVsBaseline
      ? [
          '',
          `The run before it (${day(repeat.date)}, ${repeat.versions?.parleyCommit ?? '?'}${load(repeat)}): lobby shown ${x(repeat.ratios.shownParleyVsBaseline)}, ` +
            `JavaScript bytes ${x(repeat.ratios.scriptBytesParleyVsBaseline)}.`,
        ]
      : []),
  ];
}

function genericSection(name, r) {
  const lines = [`### ${name}`, ''];
  if (r.description) lines.push(r.description, '');
  for (const [key, value] of Object.entries(r.ratios ?? {})) {
    if (typeof value === 'number') lines.push(`- ${key}: ${x(value)}`);
  }
  return lines;
}

export function renderSection(results) {
  const names = [
    ...ORDER.filter((n) => results[n]),
    ...Object.keys(results)
      .filter((n) => !ORDER.includes(n))
      .sort(),
  ];
  const any = names.map((n) => results[n])[0];
  const lines = [START, ''];
  if (!any) {
    lines.push('No results yet: run `npm run bench`.', '', END);
    return lines.join('\n');
  }
  // Results may come from different runs on different machines: name each machine and what ran on it.
  const machines = new Map();
  for (const name of names) {
    const m = results[name].machine ?? {};
    const label = `${m.cpus} × ${m.model}, ${m.memGiB} GiB, ${m.os}, Node ${m.node}, ${m.chromium}`;
    machines.set(label, [...(machines.get(label) ?? []), name]);
  }
  const where = [...machines].map(([label, runs]) => (machines.size > 1 ? `${label} (${runs.join(', ')})` : label));
  lines.push(
    `Measured on ${where.join('; ')} (headless, ` +
      `fake devices). Quote the **ratios**: every system is measured in the same run on the same machine, ` +
      `which is shared and noisy, so absolute times move from run to run; the ratios hold.`,
    '',
  );
  for (const name of names) {
    const r = results[name];
    try {
      if (name === 'join') lines.push(...joinSection(r));
      else if (name === 'join-sfu') lines.push(...joinSfuSection(r));
      else if (name === 'latency') lines.push(...latencySection(r));
      else if (name === 'mesh') lines.push(...meshSection(r));
      else if (name === 'sfu') lines.push(...sfuSection(r));
      else if (name === 'datachannel') lines.push(...datachannelSection(r));
      else if (name === 'signaling') lines.push(...signalingSection(r));
      else if (name === 'processing') lines.push(...processingSection(r));
      else if (name === 'e2ee') lines.push(...e2eeSection(r));
      else if (name === 'network') lines.push(...networkSection(r));
      else if (name === 'firstload') lines.push(...firstloadSection(r));
      else lines.push(...genericSection(name, r));
    } catch (error) {
      lines.push(`### ${name}`, '', `(results file unreadable: ${error.message})`);
    }
    lines.push('');
  }
  lines.push(
    '#### Reproduce',
    '',
    '```sh',
    'npm run bench               # builds, runs every benchmark (about 25 minutes on 2 cores), rewrites this section',
    'npm run bench -- join       # one benchmark: join | join-sfu | latency | mesh | sfu | datachannel | signaling | processing | e2ee | network | firstload',
    'npm run bench -- --table    # only rewrite this section from bench/results/*.json',
    '```',
    '',
    "Each benchmark writes `bench/results/<name>.json`: the machine, the versions, every run's raw figures, " +
      'the medians and the ratios (join.json also has the per-phase timeline of every join); ' +
      '`bench/results/repeats/<name>.json` keeps the run before the latest (copied by hand) so the table shows whether a ratio reproduced. ' +
      'PeerJS and its server are installed under `bench/` only (`bench/package.json`). The network benchmark needs root (network namespaces), coturn and sox. ' +
      'Knobs: `BENCH_JOINS` (default 20), `BENCH_WARMUP` (default 2), `BENCH_SYSTEMS=parley,parleyBaseline` (join: only those, for paired runs while iterating), `BENCH_LATENCY_ROUNDS`, `BENCH_LATENCY_MS`, `BENCH_MESH_SIZES`, `BENCH_SFU_SIZES` (default 4,6), `BENCH_DC_MIB` (default 256), `BENCH_DC_RUNS` (default 5), `BENCH_DC_SYSTEMS=parley,raw,peerjs,parleyBaseline`, `BENCH_DC_SWEEP=1` (raw loop with 16/64/256 KiB messages, `BENCH_DC_SWEEP_MIB` each), `BENCH_DC_NICE=0`, `BENCH_DC_INCOGNITO=1`, ' +
      '`BENCH_SIGNALING_CLIENTS` (default 1000,5000), `BENCH_SIGNALING_MS` (default 20000), `BENCH_SIGNALING_WORKERS` (default 2), `BENCH_SIGNALING_SNAPSHOT_DIR=<folder>` (heap snapshots of each server there, before the clients and with them in; it stalls the server for seconds, so that run is no result), `BENCH_E2EE_JOINS` (default 12), `BENCH_E2EE_CPU_ITERATIONS` (default 4), `BENCH_NETWORK_ROUNDS` (default 2), `BENCH_NETWORK_MS` (default 15000), `BENCH_NETWORK_SCENARIOS=loss-5,…,address-change`, `BENCH_NETWORK_WEBROOT=<a build of packages/web/dist>`, `BENCH_FIRSTLOAD_LOADS` (default 10), `BENCH_FIRSTLOAD_BASELINE=<another checkout of Parley, built>`; ' +
      '`BENCH_BASELINE_WEBROOT=<another build of packages/web/dist>` adds that build to the join and datachannel benchmarks, ' +
      "to measure a change against what it replaces in the same run; `BENCH_SDK_PAGE=1` adds Parley's SDK without the web app.",
    '',
    END,
  );
  return lines.join('\n');
}

export function writeReadmeTable(readmePath = join(ROOT_DIR, 'README.md')) {
  const results = readResults();
  const section = renderSection(results);
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  let next;
  if (start !== -1 && end > start) next = readme.slice(0, start) + section + readme.slice(end + END.length);
  else next = `${readme.replace(/\s*$/, '\n')}\n## Benchmarks\n\n${section}\n`;
  if (next !== readme) writeFileSync(readmePath, next);
  return { files: Object.keys(results) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { files } = writeReadmeTable();
  console.error(`[bench] README benchmark table rewritten from ${files.join(', ') || 'no results'}`);
}
