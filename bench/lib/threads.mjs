import { readFileSync, readdirSync } from 'node:fs';
import { clockTicks } from './browsers.mjs';

/**
 * Where a browser spends its CPU: seconds per thread of its whole process tree, keyed by
 * `<process type>:<thread name>` (for Chromium: `renderer:CrRendererMain`, `renderer:WebRTC_Network`,
 * `renderer:DedicatedWorker thread`, `browser:Chrome_IOThread`, `utility:…` for the network service).
 * Read from /proc (Linux), so it costs nothing while the measured work runs.
 */
export function threadCpuSeconds(rootPid) {
  const ticks = clockTicks();
  const out = {};
  for (const pid of tree(rootPid)) {
    const kind = processType(pid);
    let tids = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const stat = read(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(rest[11]) + Number(rest[12])) / ticks;
      const key = `${kind}:${name}`;
      out[key] = (out[key] ?? 0) + seconds;
    }
  }
  return out;
}

/** `after - before` per thread key, in CPU seconds per GiB of `bytes`, largest first (the top `limit`). */
export function threadProfile(before, after, bytes, limit = 8) {
  const gib = bytes / 2 ** 30;
  return Object.entries(after)
    .map(([key, seconds]) => [key, (seconds - (before[key] ?? 0)) / gib])
    .filter(([, perGib]) => perGib > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, perGib]) => ({ thread: key, cpuSecondsPerGiB: Math.round(perGib * 100) / 100 }));
}

function tree(rootPid) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!parents.has(ppid)) parents.set(ppid, []);
    parents.get(ppid).push(Number(entry));
  }
  const out = [];
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    out.push(pid);
    stack.push(...(parents.get(pid) ?? []));
  }
  return out;
}

function processType(pid) {
  const cmdline = read(`/proc/${pid}/cmdline`) ?? '';
  const type = /--type=([a-z-]+)/.exec(cmdline)?.[1];
  if (!type) return 'browser';
  if (type === 'utility') return /--utility-sub-type=network/.test(cmdline) ? 'network' : 'utility';
  return type;
}

function read(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
