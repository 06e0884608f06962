import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's coturn (`apt-get install coturn`); `.ci/run` installs it when missing. */
export const TURNSERVER_PATH = process.env.PARLEY_TURNSERVER ?? 'turnserver';

/** A coturn started by a test on 127.0.0.1, with the TURN REST shared secret (`use-auth-secret`). */
export interface Coturn {
  /** Where it listens: 127.0.0.1, or the address it was given (`listeningIp`). */
  host: string;
  port: number;
  /** coturn's `static-auth-secret`: Parley's PARLEY_TURN_SECRET must equal it. */
  secret: string;
  realm: string;
  /** `turn:` URLs over UDP and over TCP. */
  urls: { udp: string; tcp: string };
  /** What coturn printed (its last lines), for failure messages. */
  output(): string;
  /** Stops coturn (SIGTERM, then SIGKILL); its allocations are gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port, as after a crash or an upgrade. */
  start(): Promise<void>;
  /** Stops it and removes its files. */
  close(): Promise<void>;
}

/**
 * Starts coturn with a test-only configuration: listens and relays on 127.0.0.1 only, allows
 * loopback peers (so two browsers on this machine can relay to each other; a production config
 * denies loopback and private ranges, see deploy/coturn/turnserver.conf), a free port, its own
 * pid file, database and relay port range, and no TLS, CLI or web admin.
 */
export async function startCoturn(
  options: {
    secret?: string;
    /**
     * A production configuration to run instead of the test one (e.g. deploy/coturn/turnserver.conf):
     * its addresses, ports, secret, TLS files and paths are replaced by test-local ones; every
     * other line (denied peers, quotas, …) is kept as written.
     */
    template?: string;
    /**
     * The address relayed candidates get (default 127.0.0.1). A test whose peer is Janus gives
     * this machine's own address: Janus skips loopback interfaces when it gathers (its host
     * candidate is that address) and its libnice will not pair it with a loopback relay
     * candidate ("Failed to add some remote candidates"). The traffic still never leaves the machine.
     */
    relayIp?: string;
    /** The address it listens on (default 127.0.0.1): a network lab's public address. */
    listeningIp?: string;
    /** How to start the process (default: here); a network lab starts it inside its public namespace. */
    launch?: (command: string, args: string[], options: SpawnOptions) => ChildProcess;
    /** Resolves once it answers (default: a STUN Binding over UDP and a TCP connect, from here). */
    ready?: (port: number) => Promise<void>;
  } = {},
): Promise<Coturn> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-coturn-'));
  const host = options.listeningIp ?? '127.0.0.1';
  const launch = options.launch ?? spawn;
  const ready = options.ready ?? waitUntilAnswering;
  const port = await freeTcpUdpPort();
  // Relay ports below Linux's ephemeral range (32768+), so they do not collide with the browsers' sockets.
  const minPort = 20_000 + Math.floor(Math.random() * 240) * 50;
  const secret = options.secret ?? randomBytes(32).toString('hex');
  const realm = 'parley.test';
  const config = join(dir, 'turnserver.conf');
  // Addresses, ports, secret and paths of this test instance.
  const local = [
    `listening-ip=${host}`,
    `relay-ip=${options.relayIp ?? host}`,
    `listening-port=${port}`,
    `min-port=${minPort}`,
    `max-port=${minPort + 49}`,
    `static-auth-secret=${secret}`,
    `realm=${realm}`,
    'no-tls',
    'no-dtls',
    `pidfile=${join(dir, 'turnserver.pid')}`,
    `userdb=${join(dir, 'turndb')}`,
    'log-file=stdout',
  ];
  const testOnly = [
    'use-auth-secret',
    'allow-loopback-peers', // tests only: both browsers are on this machine
    'fingerprint',
    'no-cli',
    'no-rfc5780',
    'no-tcp-relay',
    'simple-log',
  ];
  const key = (line: string): string => line.trim().split('=')[0]!.trim();
  const replaced = new Set(['external-ip', 'tls-listening-port', 'cert', 'pkey', 'server-name', ...local.map(key)]);
  const configLines = options.template
    ? [...options.template.split('\n').filter((line) => !replaced.has(key(line))), ...local]
    : [...local, ...testOnly];
  writeFileSync(config, `${configLines.join('\n')}\n`);

  let child: ChildProcess | null = null;
  let lines: string[] = [];
  const output = (): string => lines.slice(-40).join('\n');

  const start = async (): Promise<void> => {
    if (child) return;
    const started = launch(TURNSERVER_PATH, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    const collect = (chunk: Buffer): void => {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (lines.length > 400) lines = lines.slice(-200);
    };
    started.stdout?.on('data', collect);
    started.stderr?.on('data', collect);
    const spawnError = new Promise<never>((_, reject) => {
      started.once('error', (error) => reject(new Error(`cannot run ${TURNSERVER_PATH} (apt-get install coturn): ${error.message}`)));
      started.once('exit', (code) => reject(new Error(`coturn exited (${code}) during start:\n${output()}`)));
    });
    spawnError.catch(() => undefined);
    // If the test process ends without close() (a crash, a killed run), coturn must not outlive it.
    const killOnExit = (): void => {
      started.kill('SIGKILL');
    };
    process.once('exit', killOnExit);
    started.once('exit', () => {
      process.off('exit', killOnExit);
      if (child === started) child = null;
    });
    await Promise.race([ready(port), spawnError]);
  };

  const stop = async (): Promise<void> => {
    const running = child;
    if (!running) return;
    child = null;
    const exited = new Promise<void>((resolve) => {
      if (running.exitCode !== null || running.signalCode !== null) resolve();
      else running.once('exit', () => resolve());
    });
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await start();
  } catch (error) {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    host,
    port,
    secret,
    realm,
    urls: { udp: `turn:${host}:${port}?transport=udp`, tcp: `turn:${host}:${port}?transport=tcp` },
    output,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A port free for both TCP and UDP on 127.0.0.1 (coturn listens on both). */
async function freeTcpUdpPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no port free for both TCP and UDP on 127.0.0.1');
}

/** Until coturn answers a STUN Binding request over UDP and accepts TCP connections. */
async function waitUntilAnswering(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await udpAnswers(port)) && (await tcpAccepts(port))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`coturn did not answer on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

function udpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    // A bare STUN Binding request: type 0x0001, length 0, magic cookie, 12-byte transaction id.
    const request = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), randomBytes(12)]);
    const done = (answered: boolean): void => {
      clearTimeout(timer);
      socket.close();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), 200);
    socket.once('message', () => done(true));
    socket.once('error', () => done(false));
    socket.send(request, port, '127.0.0.1');
  });
}

function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
