// Diagnostic only (not committed): CPU profiles of host and joiner pages across one Parley join.
import { writeFileSync } from 'node:fs';
import { launchParticipant } from './lib/browsers.mjs';
import { readProbes } from './lib/instrument.mjs';
import { startServers } from './lib/servers.mjs';
import { sleep } from './lib/stats.mjs';
import { freshRoom, hangUp, parley } from './lib/systems.mjs';

const servers = await startServers(['parley']);
const system = parley(servers.parley);
const host = await launchParticipant({ name: 'host' });
const joiner = await launchParticipant({ name: 'joiner' });
const N = Number(process.env.N ?? 4);
for (let i = 0; i < N; i++) {
  const room = freshRoom('prof');
  await system.prepare(host, joiner, room);
  await sleep(800);
  const sessions = await Promise.all([host.page, joiner.page].map((p) => p.context().newCDPSession(p)));
  for (const s of sessions) {
    await s.send('Profiler.enable');
    await s.send('Profiler.setSamplingInterval', { interval: 100 });
    await s.send('Profiler.start');
  }
  const clocks = await Promise.all([host.page, joiner.page].map((p) => p.evaluate(() => performance.timeOrigin + performance.now())));
  await system.trigger(joiner);
  await joiner.page.waitForFunction(() => window.__bench.firstFrame !== null, null, { timeout: 15000, polling: 50 });
  await sleep(100);
  const profiles = [];
  for (const s of sessions) profiles.push((await s.send('Profiler.stop')).profile);
  const probes = await Promise.all([host.page, joiner.page].map((p) => readProbes(p)));
  writeFileSync(`/tmp/prof/join-${i}.json`, JSON.stringify({ profiles, probes, clocks }));
  console.log(`run ${i}: join ${(probes[1].firstFrame.t - probes[1].t0).toFixed(0)} ms`);
  await hangUp(host, joiner);
}
await host.close();
await joiner.close();
await servers.close();
