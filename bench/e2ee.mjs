// What end-to-end encryption costs: the same Parley web app and server, one server with rooms
// encrypted (the default) and one with `e2ee` off, measured in one run, interleaved:
// - join: click Join → first remote frame (join.mjs's probes), the two alternating in each round;
// - sender CPU: a two-person call at 640×360, 30 fps (processing.mjs's measure, setting none),
//   the order rotating per iteration. Ratios are paired per round.
import { loadavg } from 'node:os';
import { launchParticipant } from './lib/browsers.mjs';
import { startServers } from './lib/servers.mjs';
import { log, median, round, summarize, writeResult, runWhenMain } from './lib/stats.mjs';
import { parley } from './lib/systems.mjs';
import { joinOnce } from './join.mjs';
import { measureCall } from './processing.mjs';

const JOINS = Number(process.env.BENCH_E2EE_JOINS ?? 12);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CPU_ITERATIONS = Number(process.env.BENCH_E2EE_CPU_ITERATIONS ?? 4);

export async function run() {
  const servers = await startServers(['parley', 'parley-plain']);
  const urls = { encrypted: servers.parley, plain: servers.parleyPlain };
  const systems = [
    parley(urls.encrypted, { name: 'encrypted', label: 'Parley, end-to-end encrypted' }),
    parley(urls.plain, { name: 'plain', label: 'Parley, e2ee off' }),
  ];
  const joins = { encrypted: [], plain: [] };
  const cpu = [];
  const loads = [];
  const host = await launchParticipant({ name: 'host' });
  const joiner = await launchParticipant({ name: 'joiner' });
  try {
    for (let i = 0; i < WARMUP + JOINS; i++) {
      const order = i % 2 === 0 ? systems : [...systems].reverse();
      const line = [];
      for (const system of order) {
        const result = await joinOnce(system, host, joiner, servers);
        if (i >= WARMUP) joins[system.name].push(result.joinMs);
        line.push(`${system.name} ${result.joinMs === null ? 'FAILED' : `${result.joinMs.toFixed(0)}ms`}`);
      }
      loads.push(loadavg()[0]);
      log(`e2ee join ${i < WARMUP ? 'warm-up' : `${i - WARMUP + 1}/${JOINS}`}: ${line.join(', ')}`);
    }
  } finally {
    await host.close();
    await joiner.close();
  }
  try {
    for (let iteration = 0; iteration < CPU_ITERATIONS; iteration++) {
      const order = iteration % 2 === 0 ? ['encrypted', 'plain'] : ['plain', 'encrypted'];
      for (const mode of order) {
        const measured = await measureCall({ parley: urls[mode] }, 'none');
        cpu.push({ iteration, mode, ...measured });
        loads.push(loadavg()[0]);
        log(`e2ee cpu ${mode}: sender CPU ${measured.senderCpuPercent}%, ${measured.sentFps} fps sent`);
      }
    }
  } finally {
    await servers.close();
  }

  const paired = (a, b) => a.map((x, i) => (x && b[i] ? x / b[i] : null)).filter((r) => r !== null);
  const joinRatios = paired(joins.encrypted, joins.plain);
  const cpuOf = (mode) => cpu.filter((r) => r.mode === mode).map((r) => r.senderCpuPercent);
  const cpuRatios = paired(cpuOf('encrypted'), cpuOf('plain'));
  const summary = {
    join: {
      encryptedMs: summarize(joins.encrypted.filter((v) => v !== null)),
      plainMs: summarize(joins.plain.filter((v) => v !== null)),
      failed: { encrypted: joins.encrypted.filter((v) => v === null).length, plain: joins.plain.filter((v) => v === null).length },
      ratioP50: round(median(joins.encrypted.filter(Boolean)) / median(joins.plain.filter(Boolean)), 2),
      pairedRatioMedian: round(median(joinRatios), 2),
    },
    senderCpu: {
      encryptedPercent: summarize(cpuOf('encrypted')),
      plainPercent: summarize(cpuOf('plain')),
      pairedRatioMedian: round(median(cpuRatios), 2),
      pairedRatios: cpuRatios.map((r) => round(r, 3)),
    },
    load1: { min: round(Math.min(...loads), 2), max: round(Math.max(...loads), 2) },
  };
  const file = writeResult('e2ee', {
    description:
      'End-to-end encryption (SFrame, AES_128_GCM_SHA256_128, in a worker through RTCRtpScriptTransform) against the same web app and server with e2ee off, in one run: join = click Join → first remote frame of a two-person call, the two alternating each round; sender CPU = CPU time of the sender’s whole browser process tree over a 5 s window of a two-person call at 640×360, 30 fps, the order alternating. Ratios are encrypted / plain, paired by round. Goal: join ≤ 1.1×, CPU ≤ 1.15×.',
    config: { joins: JOINS, warmup: WARMUP, cpuIterations: CPU_ITERATIONS },
    summary,
    joins,
    cpu,
  });
  log(
    `e2ee: join p50 ${summary.join.encryptedMs.p50} vs ${summary.join.plainMs.p50} ms (paired ×${summary.join.pairedRatioMedian}); sender CPU ${summary.senderCpu.encryptedPercent.p50}% vs ${summary.senderCpu.plainPercent.p50}% (paired ×${summary.senderCpu.pairedRatioMedian}); load ${summary.load1.min}–${summary.load1.max}`,
  );
  log(`e2ee: wrote ${file}`);
  return summary;
}

runWhenMain(import.meta.url, run);
