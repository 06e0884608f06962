import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deleteNamespacesSync, net, netIn } from './commands.js';
import { CpuLimit } from './CpuLimit.js';

/**
 * How a household's router maps its inside addresses to its public one (RFC 4787 §4.1).
 * `endpoint-independent`: one public port per inside socket, whatever it talks to (Linux
 * masquerade keeps the source port when it can): the server-reflexive candidate a STUN server
 * saw works for a peer too, so two such households connect directly (RFC 8445 §2.1).
 * `symmetric`: a new random public port per destination (`masquerade fully-random`): what
 * STUN saw is useless to a peer, and only a relay (TURN) connects two such households.
 */
export type NatBehaviour = 'endpoint-independent' | 'symmetric';

export interface HouseholdOptions {
  nat?: NatBehaviour;
  /** The router's firewall drops every UDP packet (a corporate or hotel network): only TCP gets out. */
  udpBlocked?: boolean;
  /** Percentage of packets the router drops, each direction, at random (nftables `numgen`). */
  lossPercent?: number;
  /** The link's rate in kbit/s, each direction (a token bucket, `tc tbf`). */
  rateKbit?: number;
  /**
   * Milliseconds every packet waits on the household's line, each direction (so a round trip
   * gains twice this), ± `jitterMs`. Given (even 0), the household's line is a user-space delay
   * line (packages/testkit/delay-line.py: the kernel here has no netem) instead of a veth pair.
   */
  delayMs?: number;
  jitterMs?: number;
  /**
   * The share of one core (in %) that everything started in the household may use together: a
   * slow or busy laptop (a cgroup CPU quota; see CpuLimit.ts). Unset: no limit.
   */
  cpuPercent?: number;
}

/** One participant's network: a host namespace behind its own NAT router on the public network. */
export interface Household {
  readonly name: string;
  /** The namespace a participant's browser or process runs in (`NetLab.spawn`, `NetLab.executableIn`). */
  readonly ns: string;
  /** The router's namespace (NAT, firewall, loss and rate live there). */
  readonly routerNs: string;
  /** The participant's own address (private, behind the NAT). */
  readonly address: string;
  /** The router's public address now (what peers and servers see). */
  readonly publicAddress: string;
  /** Drops `percent` % of packets each way from now on (0: none). */
  setLoss(percent: number): Promise<void>;
  /** Limits the link to `kbit` kbit/s each way from now on (null: no limit). */
  setRate(kbit: number | null): Promise<void>;
  /**
   * The household moves to another public address (Wi-Fi to mobile): every mapping of the old
   * one ends at once, so packets to it go nowhere, as when a phone leaves a network.
   */
  changeAddress(): Promise<string>;
  /** Sets the line's one-way delay and jitter from now on (a household made with `delayMs` only). */
  setDelay(ms: number, jitterMs?: number): Promise<void>;
  /** Limits what the household's processes may use together to `percent` % of one core from now on (null: no limit). */
  setCpuLimit(percent: number | null): Promise<void>;
  /** Scheduler periods (100 ms each) so far in which the household's processes used up their CPU quota. */
  cpuThrottledPeriods(): number;
}

/** The public network's prefix (TEST-NET-3, RFC 5737): servers at .1, routers from .11 up. */
const PUBLIC_NET = '203.0.113';
/** Households' inside networks: 198.18.<n>.0/24 (RFC 2544 benchmarking range, RFC 6890). */
const INSIDE_NET = '198.18';
/** Which lab namespaces belong to a process still running (see sweepAbandoned). */
const OWNERS_DIR = '/run/parley-lab';
const NAME = /^plab-([0-9a-f]{6})-/;
/** The delay line's program, at the package's root (beside dist/ and src/). */
const DELAY_LINE = fileURLToPath(new URL('../../delay-line.py', import.meta.url));

/**
 * A network lab in the kernel: a "public" network (a bridge in its own namespace, where Parley,
 * coturn and Janus listen on 203.0.113.1) and households, each a namespace behind its own NAT
 * router namespace, with the router's NAT behaviour, firewall, loss and rate chosen per
 * household. Nothing touches the machine's own interfaces: every address lives in namespaces
 * this lab made, and `close` deletes them (namespaces abandoned by a killed run are deleted by
 * the next lab). Needs root, iproute2 and nftables.
 */
export class NetLab {
  /** Where servers listen: reachable from every household through its router. */
  readonly publicAddress = `${PUBLIC_NET}.1`;
  readonly publicNs: string;
  readonly #id: string;
  readonly #namespaces: string[] = [];
  readonly #households: Household[] = [];
  /** The delay lines' processes (delay-line.py), stopped before the namespaces go. */
  readonly #lines: ChildProcess[] = [];
  /** Each household namespace's CPU quota group, which every process started in it joins. */
  readonly #cpuLimits = new Map<string, CpuLimit>();
  /** Address changes so far (each takes a new public address). */
  #moves = 0;
  readonly #scripts = mkdtempSync(join(tmpdir(), 'parley-lab-'));
  readonly #cleanupOnExit = (): void => deleteNamespacesSync(this.#namespaces);
  #closed = false;

  private constructor(id: string) {
    this.#id = id;
    this.publicNs = this.#ns('pub');
  }

  static async create(): Promise<NetLab> {
    if (process.getuid?.() !== 0) throw new Error('the network lab needs root (it makes network namespaces)');
    await sweepAbandoned();
    const lab = new NetLab(randomBytes(3).toString('hex'));
    mkdirSync(OWNERS_DIR, { recursive: true });
    writeFileSync(join(OWNERS_DIR, lab.#id), String(process.pid));
    process.once('exit', lab.#cleanupOnExit);
    try {
      await lab.#makeNamespace(lab.publicNs);
      await netIn(lab.publicNs, 'ip', ['link', 'add', 'br0', 'type', 'bridge']);
      await netIn(lab.publicNs, 'ip', ['addr', 'add', `${lab.publicAddress}/24`, 'dev', 'br0']);
      await netIn(lab.publicNs, 'ip', ['link', 'set', 'br0', 'up']);
      await lab.#routeTheRestNowhere(lab.publicNs);
    } catch (error) {
      await lab.close();
      throw error;
    }
    return lab;
  }

  /** A new household behind its own router. */
  async household(name: string, options: HouseholdOptions = {}): Promise<Household> {
    const index = this.#households.length + 1;
    if (index > 80) throw new Error('a lab holds at most 80 households');
    const ns = this.#ns(`h${index}`);
    const routerNs = this.#ns(`r${index}`);
    const address = `${INSIDE_NET}.${index}.2`;
    let publicAddress = `${PUBLIC_NET}.${10 + index}`;
    await this.#makeNamespace(ns);
    await this.#makeNamespace(routerNs);
    // Router WAN on the public bridge; router LAN to the household.
    await this.#wire(routerNs, 'wan', this.publicNs, `w${index}`, { bridge: 'br0' });
    const line = options.delayMs === undefined ? undefined : await this.#delayLine(routerNs, ns, options);
    if (!line) await this.#wire(ns, 'eth0', routerNs, 'lan');
    await netIn(routerNs, 'ip', ['addr', 'add', `${publicAddress}/24`, 'dev', 'wan']);
    await netIn(routerNs, 'ip', ['addr', 'add', `${INSIDE_NET}.${index}.1/24`, 'dev', 'lan']);
    await netIn(ns, 'ip', ['addr', 'add', `${address}/24`, 'dev', 'eth0']);
    await netIn(ns, 'ip', ['route', 'add', 'default', 'via', `${INSIDE_NET}.${index}.1`]);
    await this.#routeTheRestNowhere(routerNs);
    await net('ip', ['netns', 'exec', routerNs, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    await netIn(routerNs, 'nft', ['-f', '-'], routerRules(options));

    const setLoss = async (percent: number): Promise<void> => {
      await netIn(routerNs, 'nft', ['flush', 'chain', 'ip', 'lab', 'loss']);
      if (percent > 0)
        await netIn(routerNs, 'nft', [
          'add',
          'rule',
          'ip',
          'lab',
          'loss',
          'numgen',
          'random',
          'mod',
          '100',
          '<',
          String(Math.round(percent)),
          'drop',
        ]);
    };
    const setRate = async (kbit: number | null): Promise<void> => {
      for (const dev of ['wan', 'lan']) {
        if (kbit === null) await netIn(routerNs, 'tc', ['qdisc', 'del', 'dev', dev, 'root']).catch(() => undefined);
        // A bucket of a few packets, and at most 200 ms of queue: a real access link's buffer.
        else
          await netIn(routerNs, 'tc', [
            'qdisc',
            'replace',
            'dev',
            dev,
            'root',
            'tbf',
            'rate',
            `${kbit}kbit`,
            'burst',
            '6kb',
            'latency',
            '200ms',
          ]);
      }
    };
    const cpu = await CpuLimit.create(ns);
    this.#cpuLimits.set(ns, cpu);
    const household: Household = {
      name,
      ns,
      routerNs,
      address,
      get publicAddress() {
        return publicAddress;
      },
      setLoss,
      setRate,
      changeAddress: async () => {
        // Households have .11–.90; every move in the lab takes the next unused address from .100 up.
        if (this.#moves >= 154) throw new Error('a lab has addresses for 154 moves');
        const next = `${PUBLIC_NET}.${100 + this.#moves++}`;
        // Removing the old address ends its masquerade mappings (the kernel flushes them).
        await netIn(routerNs, 'ip', ['addr', 'del', `${publicAddress}/24`, 'dev', 'wan']);
        await netIn(routerNs, 'ip', ['addr', 'add', `${next}/24`, 'dev', 'wan']);
        publicAddress = next;
        return next;
      },
      setDelay: async (ms, jitterMs = 0) => {
        if (!line) throw new Error(`household ${name} has no delay line: make it with the delayMs option`);
        line.stdin?.write(`set ${ms} ${jitterMs}\n`);
      },
      setCpuLimit: (percent) => cpu.set(percent),
      cpuThrottledPeriods: () => cpu.throttledPeriods(),
    };
    if (options.cpuPercent !== undefined) await cpu.set(options.cpuPercent);
    if (options.lossPercent) await setLoss(options.lossPercent);
    if (options.rateKbit) await setRate(options.rateKbit);
    this.#households.push(household);
    return household;
  }

  /** Starts `command` inside namespace `ns`. */
  spawn(ns: string, command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    const cpu = this.#cpuLimits.get(ns);
    if (!cpu) return spawn('ip', ['netns', 'exec', ns, command, ...args], options);
    // The shell joins the household's CPU group first, so everything it starts is inside it.
    const enter = `echo $$ > '${cpu.procsFile}' && exec ip netns exec '${ns}' "$@"`;
    return spawn('sh', ['-c', enter, 'sh', command, ...args], options);
  }

  /** Runs a Node script inside namespace `ns`; resolves with what it printed, fails if it fails. */
  node(ns: string, script: string, args: readonly string[] = []): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = this.spawn(ns, process.execPath, ['-e', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`[${ns}] node exited ${code}: ${err.trim()}`))));
    });
  }

  /** Waits until something in `ns` accepts TCP connections on `host:port`. */
  async waitForTcp(ns: string, host: string, port: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const probe = `require('node:net').connect(Number(process.argv[2]), process.argv[1]).on('connect', () => process.exit(0)).on('error', () => process.exit(1));`;
    for (;;) {
      if (
        await this.node(ns, probe, [host, String(port)]).then(
          () => true,
          () => false,
        )
      )
        return;
      if (Date.now() > deadline) throw new Error(`nothing accepted TCP on ${host}:${port} in ${ns} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /**
   * A path to an executable that runs `program` inside namespace `ns` with the arguments it is
   * given: for launchers that take a browser's path (Playwright's `executablePath`).
   */
  executableIn(ns: string, program: string): string {
    const path = join(this.#scripts, `${ns}-${program.split('/').pop()}`);
    const cpu = this.#cpuLimits.get(ns);
    const enterCpuGroup = cpu ? `echo $$ > '${cpu.procsFile}'\n` : '';
    writeFileSync(path, `#!/bin/sh\n${enterCpuGroup}exec ip netns exec '${ns}' '${program}' "$@"\n`);
    chmodSync(path, 0o755);
    return path;
  }

  /** Deletes every namespace (and with them every link, rule and queue) this lab made. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(this.#lines.map(stopLine));
    for (const ns of this.#namespaces.reverse()) await net('ip', ['netns', 'delete', ns]).catch(() => undefined);
    this.#namespaces.length = 0;
    for (const cpu of this.#cpuLimits.values()) await cpu.remove();
    process.off('exit', this.#cleanupOnExit);
    rmSync(join(OWNERS_DIR, this.#id), { force: true });
    rmSync(this.#scripts, { recursive: true, force: true });
  }

  #ns(role: string): string {
    return `plab-${this.#id}-${role}`;
  }

  async #makeNamespace(ns: string): Promise<void> {
    await net('ip', ['netns', 'add', ns]);
    this.#namespaces.push(ns);
    await netIn(ns, 'ip', ['link', 'set', 'lo', 'up']);
  }

  /**
   * A default route into a link where packets vanish, as a packet to an address nobody routes
   * (another household's private one, RFC 1918/6890) vanishes on the Internet. Without it a send
   * to such an address fails at once with ENETUNREACH, which no real network does, and which
   * coturn answers by ending the whole allocation (seen: every relay dropped a second after ICE
   * connected, as soon as it relayed a connectivity check to a peer's private host candidate).
   * A veth pair without ARP: the far end takes every packet and, having no address, drops it.
   */
  async #routeTheRestNowhere(ns: string): Promise<void> {
    await netIn(ns, 'ip', ['link', 'add', 'nowhere', 'type', 'veth', 'peer', 'name', 'nowhere-end']);
    await netIn(ns, 'ip', ['link', 'set', 'nowhere', 'arp', 'off', 'up']);
    await netIn(ns, 'ip', ['link', 'set', 'nowhere-end', 'up']);
    await netIn(ns, 'ip', ['route', 'add', 'default', 'dev', 'nowhere']);
  }

  /**
   * The household's line through a delay line: a process in the router's namespace that makes
   * two TAP devices, `lan` (kept there) and one moved into the household as `eth0`, and passes
   * every frame between them after the delay.
   */
  async #delayLine(routerNs: string, ns: string, options: HouseholdOptions): Promise<ChildProcess> {
    const args = [DELAY_LINE, 'lan', 'home', String(options.delayMs ?? 0), String(options.jitterMs ?? 0)];
    const line = this.spawn(routerNs, 'python3', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#lines.push(line);
    await new Promise<void>((resolve, reject) => {
      let said = '';
      const onData = (chunk: Buffer): void => {
        said += chunk.toString();
        if (said.includes('ready')) resolve();
      };
      line.stdout?.on('data', onData);
      line.stderr?.on('data', onData);
      line.once('error', (error) => reject(new Error(`the delay line needs python3: ${error.message}`)));
      line.once('exit', (code) => reject(new Error(`the delay line exited ${code}: ${said.trim()}`)));
    });
    await netIn(routerNs, 'ip', ['link', 'set', 'home', 'netns', ns, 'name', 'eth0']);
    await netIn(routerNs, 'ip', ['link', 'set', 'lan', 'up']);
    await netIn(ns, 'ip', ['link', 'set', 'eth0', 'up']);
    return line;
  }

  /** A veth pair between two namespaces, named `aName` in `a` and `bName` in `b` (optionally on b's bridge). */
  async #wire(a: string, aName: string, b: string, bName: string, options: { bridge?: string } = {}): Promise<void> {
    // Made inside `a`, so no end ever appears among the machine's own interfaces.
    await netIn(a, 'ip', ['link', 'add', aName, 'type', 'veth', 'peer', 'name', bName, 'netns', b]);
    await netIn(a, 'ip', ['link', 'set', aName, 'up']);
    if (options.bridge) await netIn(b, 'ip', ['link', 'set', bName, 'master', options.bridge]);
    await netIn(b, 'ip', ['link', 'set', bName, 'up']);
  }
}

/** Ends a delay line (its TAP devices go with it) and waits until it has. */
async function stopLine(line: ChildProcess): Promise<void> {
  if (line.exitCode !== null || line.signalCode !== null) return;
  const exited = new Promise((resolve) => line.once('exit', resolve));
  line.stdin?.end();
  const timer = setTimeout(() => line.kill('SIGKILL'), 2_000);
  await exited;
  clearTimeout(timer);
}

/** The router's nftables: NAT out of `wan`, the firewall, and a chain for random loss. */
function routerRules(options: HouseholdOptions): string {
  const masquerade = options.nat === 'symmetric' ? 'masquerade fully-random' : 'masquerade';
  return `table ip lab {
  chain loss {
  }
  chain input {
    type filter hook input priority filter; policy accept;
    # Nothing new from outside reaches the router itself. Dropped here, an early packet of a
    # peer punching through (RFC 8445 §2.1) leaves no conntrack entry behind; accepted, that entry
    # would hold the public port, and the inside socket's own packets to that peer would leave
    # through another one, which no home router does (RFC 4787 REQ-1: endpoint-independent mapping).
    iifname "wan" ct state new drop
  }
  chain forward {
    type filter hook forward priority filter; policy accept;
    ${options.udpBlocked ? 'meta l4proto udp drop' : ''}
    jump loss
  }
  chain postrouting {
    type nat hook postrouting priority srcnat;
    oifname "wan" ${masquerade}
  }
}
`;
}

/** Deletes the namespaces of labs whose process is gone (killed before it could close them). */
async function sweepAbandoned(): Promise<void> {
  const listed = await net('ip', ['netns', 'list']).catch(() => '');
  const abandoned = new Set<string>();
  for (const line of listed.split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const id = NAME.exec(name)?.[1];
    if (id && !ownerAlive(id)) abandoned.add(name);
  }
  deleteNamespacesSync([...abandoned]);
  await CpuLimit.removeAbandoned((name) => {
    const id = NAME.exec(name)?.[1];
    return id !== undefined && !ownerAlive(id);
  });
  try {
    for (const id of readdirSync(OWNERS_DIR)) if (!ownerAlive(id)) rmSync(join(OWNERS_DIR, id), { force: true });
  } catch {
    // No lab ran here yet.
  }
}

function ownerAlive(id: string): boolean {
  try {
    process.kill(Number(readFileSync(join(OWNERS_DIR, id), 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
}
