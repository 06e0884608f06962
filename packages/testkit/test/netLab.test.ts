import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetLab } from '../src/lab/NetLab.js';

/**
 * The lab itself, checked with plain UDP and TCP from inside households to a listener on the
 * public network: what each router's NAT, firewall and loss do to packets is what the scenarios
 * built on it claim.
 */

/** A listener in the public namespace: every UDP datagram and TCP connection it gets, as "proto address:port>localPort". */
const LISTENER = `
const dgram = require('node:dgram'), net = require('node:net');
const [host, ...ports] = process.argv.slice(1);
for (const port of ports.map(Number)) {
  const udp = dgram.createSocket('udp4');
  udp.on('message', (m, r) => process.stdout.write('udp ' + r.address + ':' + r.port + '>' + port + '\\n'));
  udp.bind(port, host);
  net.createServer((s) => { process.stdout.write('tcp ' + s.remoteAddress + ':' + s.remotePort + '>' + port + '\\n'); s.end(); }).listen(port, host);
}
setTimeout(() => process.stdout.write('ready\\n'), 200);
`;

/** From one UDP socket: \`count\` datagrams to each of \`ports\`, then one TCP connection to the first. */
const SENDER = `
const dgram = require('node:dgram'), net = require('node:net');
const [host, count, ...ports] = process.argv.slice(1);
const udp = dgram.createSocket('udp4');
udp.bind(0, async () => {
  for (let i = 0; i < Number(count); i++) for (const port of ports) { udp.send('x', Number(port), host); if (i % 50 === 49) await new Promise((r) => setTimeout(r, 5)); }
  const socket = net.connect(Number(ports[0]), host);
  socket.on('error', () => process.exit(0));
  socket.on('close', () => process.exit(0));
  setTimeout(() => process.exit(0), 1000);
});
`;

let lab: NetLab;
let listener: ReturnType<NetLab['spawn']> | undefined;
let heard: string[] = [];
const PORTS = [4001, 4002];

beforeAll(async () => {
  lab = await NetLab.create();
  const started = lab.spawn(lab.publicNs, process.execPath, ['-e', LISTENER, lab.publicAddress, ...PORTS.map(String)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  listener = started;
  await new Promise<void>((resolve) => {
    started.stdout!.on('data', (chunk: Buffer) => {
      const lines = chunk.toString().split('\n').filter(Boolean);
      if (lines.includes('ready')) resolve();
      heard.push(...lines.filter((line) => line !== 'ready'));
    });
  });
}, 20_000);
afterAll(async () => {
  listener?.kill();
  await lab?.close();
});

/** What the listener heard from one run of SENDER inside household namespace \`ns\`. */
async function send(ns: string, count: number): Promise<{ udp: string[]; tcp: string[] }> {
  heard = [];
  const sender = lab.spawn(ns, process.execPath, ['-e', SENDER, lab.publicAddress, String(count), ...PORTS.map(String)], {
    stdio: 'inherit',
  });
  await new Promise((resolve) => sender.once('exit', resolve));
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { udp: heard.filter((line) => line.startsWith('udp')), tcp: heard.filter((line) => line.startsWith('tcp')) };
}

/** The public source ports the listener saw, per destination port. */
function sourcePorts(lines: string[]): Map<number, Set<string>> {
  const ports = new Map<number, Set<string>>();
  for (const line of lines) {
    const [, source, to] = /^\w+ (\S+)>(\d+)$/.exec(line)!;
    if (!ports.has(Number(to))) ports.set(Number(to), new Set());
    ports.get(Number(to))!.add(source!);
  }
  return ports;
}

describe('the network lab', () => {
  it('endpoint-independent NAT: one public address and port for a socket, whatever it sends to', async () => {
    const home = await lab.household('home', { nat: 'endpoint-independent' });
    const { udp, tcp } = await send(home.ns, 1);
    const seen = sourcePorts(udp);
    expect([...seen.get(4001)!], 'the inside address never shows').toEqual([...seen.get(4002)!]);
    expect([...seen.get(4001)!][0]).toMatch(new RegExp(`^${home.publicAddress.replaceAll('.', '\\.')}:`));
    expect(tcp).toHaveLength(1);
  });

  it('endpoint-independent NAT: two households punch through to each other, even when one side starts early', async () => {
    const a = await lab.household('punch-a');
    const b = await lab.household('punch-b');
    // B sends to A's public address first (A's router has no mapping yet and drops them), then A
    // sends 500 datagrams to B's: all reach B, through the mapping B's own packets opened.
    const receiver = lab.node(
      b.ns,
      `const d = require('node:dgram').createSocket('udp4'); let n = 0;
       d.on('message', () => n++);
       d.bind(5000, () => setInterval(() => d.send('punch', 6000, process.argv[1]), 50));
       setTimeout(() => { process.stdout.write(String(n)); process.exit(0); }, 3000);`,
      [a.publicAddress],
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await lab.node(
      a.ns,
      `const d = require('node:dgram').createSocket('udp4');
       d.bind(6000, async () => {
         for (let i = 0; i < 500; i++) { d.send(Buffer.alloc(1200), 5000, process.argv[1]); if (i % 10 === 9) await new Promise((r) => setTimeout(r, 2)); }
         setTimeout(() => process.exit(0), 300);
       });`,
      [b.publicAddress],
    );
    expect(Number(await receiver)).toBe(500);
  });

  it('symmetric NAT: a new public port for each destination', async () => {
    const office = await lab.household('office', { nat: 'symmetric' });
    const seen = sourcePorts((await send(office.ns, 1)).udp);
    expect(seen.get(4001)!.size).toBe(1);
    expect([...seen.get(4001)!][0]).not.toBe([...seen.get(4002)!][0]);
  });

  it('UDP blocked: no datagram gets out, TCP does', async () => {
    const hotel = await lab.household('hotel', { udpBlocked: true });
    const { udp, tcp } = await send(hotel.ns, 20);
    expect(udp).toEqual([]);
    expect(tcp).toHaveLength(1);
  });

  it('loss: about the share asked for is dropped, and setLoss(0) ends it', async () => {
    const cafe = await lab.household('cafe', { lossPercent: 20 });
    const lossy = (await send(cafe.ns, 1000)).udp.length / 2000;
    // 2000 datagrams at 20 % loss: 80 % ± 3 % arrive (binomial, about 3.5 standard deviations).
    expect(lossy).toBeGreaterThan(0.77);
    expect(lossy).toBeLessThan(0.83);
    await cafe.setLoss(0);
    expect((await send(cafe.ns, 200)).udp).toHaveLength(400);
  });

  it('address change: the household appears from its new public address', async () => {
    const phone = await lab.household('phone');
    const before = phone.publicAddress;
    const after = await phone.changeAddress();
    expect(after).not.toBe(before);
    const seen = sourcePorts((await send(phone.ns, 1)).udp);
    expect([...seen.get(4001)!][0]!.split(':')[0]).toBe(after);
    // And again: each move is to an address not used before.
    const again = await phone.changeAddress();
    expect(again).not.toBe(after);
    expect([...sourcePorts((await send(phone.ns, 1)).udp).get(4001)!][0]!.split(':')[0]).toBe(again);
  });

  it('a packet to an address nobody routes vanishes, as on the Internet: the send succeeds, no error comes back', async () => {
    const home = await lab.household('unrouted');
    // From the public network (where coturn relays from) and from inside a household, to another
    // household's private address. Without a route, each send fails at once (ENETUNREACH).
    const probe = `const d = require('node:dgram').createSocket('udp4'); let errors = 0, sent = 0;
       d.on('error', () => errors++);
       d.bind(0, () => {
         let left = 20;
         const next = () => d.send('x', 7000, process.argv[1], (error) => {
           if (error) errors++; else sent++;
           if (--left > 0) setTimeout(next, 20); else setTimeout(() => { process.stdout.write(sent + ' ' + errors); process.exit(0); }, 300);
         });
         next();
       });`;
    expect(await lab.node(lab.publicNs, probe, [home.address])).toBe('20 0');
    const other = await lab.household('unrouted-other');
    expect(await lab.node(other.ns, probe, [home.address])).toBe('20 0');
  });
  it('delay and jitter: every packet waits on the line each way, in order; setDelay changes it', async () => {
    const far = await lab.household('far', { delayMs: 100, jitterMs: 20 });
    const echo = lab.spawn(
      lab.publicNs,
      process.execPath,
      [
        '-e',
        `const d = require('node:dgram').createSocket('udp4'); d.on('message', (m, r) => d.send(m, r.port, r.address)); d.bind(4003, process.argv[1], () => process.stdout.write('ready'));`,
        lab.publicAddress,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise((resolve) => echo.stdout!.once('data', resolve));
    // 60 numbered pings 20 ms apart: each one's round trip, and the order the echoes came back in.
    const pings = `const d = require('node:dgram').createSocket('udp4'); const sent = [], rtt = [], order = [];
       d.on('message', (m) => { const i = Number(m.toString()); order.push(i); rtt[i] = performance.now() - sent[i]; });
       d.bind(0, async () => {
         for (let i = 0; i < 60; i++) { sent[i] = performance.now(); d.send(String(i), 4003, process.argv[1]); await new Promise((r) => setTimeout(r, 20)); }
         setTimeout(() => { process.stdout.write(JSON.stringify({ rtt, order })); process.exit(0); }, 800);
       });`;
    try {
      const slow = JSON.parse(await lab.node(far.ns, pings, [lab.publicAddress])) as { rtt: number[]; order: number[] };
      const sorted = [...slow.rtt].sort((a, b) => a - b);
      const where = JSON.stringify(slow);
      expect(slow.order, where).toEqual([...Array(60).keys()]);
      // Each way 100 ± 20 ms: a round trip between 160 and 240 ms (plus a busy machine's lateness).
      expect(sorted[0], where).toBeGreaterThan(155);
      expect(sorted[30], where).toBeGreaterThan(180);
      expect(sorted[30], where).toBeLessThan(260);
      // The jitter shows: round trips spread over tens of milliseconds.
      expect(sorted[54]! - sorted[5]!, where).toBeGreaterThan(20);

      await far.setDelay(0);
      const quick = JSON.parse(await lab.node(far.ns, pings, [lab.publicAddress])) as { rtt: number[] };
      expect([...quick.rtt].sort((a, b) => a - b)[30], JSON.stringify(quick)).toBeLessThan(40);
    } finally {
      echo.kill();
    }
  });
  it('CPU limit: what a household’s processes get of a core is capped, and setCpuLimit(null) lifts the cap', async () => {
    const laptop = await lab.household('laptop', { cpuPercent: 20 });
    // Spins for 2 s of wall time; prints the CPU time it got meanwhile.
    const spin = `const start = process.cpuUsage(), end = Date.now() + 2000; while (Date.now() < end); const u = process.cpuUsage(start); process.stdout.write(String((u.user + u.system) / 1000));`;
    const throttledBefore = laptop.cpuThrottledPeriods();
    const limitedMs = Number(await lab.node(laptop.ns, spin));
    // 20 % of 2 s is 400 ms.
    expect(limitedMs).toBeLessThan(480);
    expect(laptop.cpuThrottledPeriods()).toBeGreaterThan(throttledBefore + 5);

    await laptop.setCpuLimit(null);
    const throttledUnlimited = laptop.cpuThrottledPeriods();
    await lab.node(laptop.ns, spin);
    expect(laptop.cpuThrottledPeriods()).toBe(throttledUnlimited);
  });
});
