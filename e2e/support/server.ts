import { spawn } from 'node:child_process';
import { cp, mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createParleyServer, makeConfig, type Config, type ParleyServer, type ParleyServerOptions } from '@parley/server';
import { freePort } from '@parley/testkit';

/**
 * Every line the servers of this run logged in this process, in order, each prefixed with its
 * server's origin; the servers in processes of their own log to files (`processLogs`). The
 * fixtures write the lines of a failed test beside its browsers' consoles. Level: debug (a
 * departure's reason is logged there) unless PARLEY_E2E_LOG_LEVEL says otherwise.
 */
const serverLines: string[] = [];
/** The log file of each server running in its own process, by origin. */
const processLogs = new Map<string, string>();

/** Where every server's log stands now, to read what they log after it with `serverLogSince`. */
export interface ServerLogMark {
  lines: number;
  bytes: Map<string, number>;
}

export function serverLogMark(): ServerLogMark {
  return { lines: serverLines.length, bytes: new Map([...processLogs].map(([url, path]) => [url, statSync(path).size])) };
}

/** What the servers logged since `mark`: those in their own processes first, then this process's. */
export function serverLogSince(mark: ServerLogMark): string[] {
  const fromFiles = [...processLogs].flatMap(([url, path]) => prefixed(url, readFileSync(path).subarray(mark.bytes.get(url) ?? 0)));
  return [...fromFiles, ...serverLines.slice(mark.lines)];
}

function prefixed(url: string, log: Buffer): string[] {
  return log
    .toString()
    .split('\n')
    .filter(Boolean)
    .map((line) => `[${url}] ${line}`);
}

function logBook(name: () => string): NonNullable<ParleyServerOptions['logDestination']> {
  return {
    write(line: string) {
      serverLines.push(`[${name()}] ${line.trimEnd()}`);
    },
  };
}

export interface RunningParley {
  /** `http://127.0.0.1:<port>`, the origin every participant opens. */
  url: string;
  server: ParleyServer;
  close(): Promise<void>;
}

/** A Parley server in its own process: what most tests talk to. */
export interface ParleyProcessServer {
  /** `http://127.0.0.1:<port>`, the origin every participant opens. */
  url: string;
  /** What the lobby reads about a room (GET /api/rooms/:room): how many are in it, and its settings. */
  presence(room: string): Promise<{ participants: number; locked: boolean; e2ee: boolean }>;
  close(): Promise<void>;
}

const SERVER_CHILD = join(dirname(fileURLToPath(import.meta.url)), 'serverChild.mjs');

/**
 * Starts the real Parley server in a process of its own (as `npm start` runs), on a free port of
 * 127.0.0.1, with the settings given. Its log goes to a file, never a pipe: a reader that falls
 * behind cannot block it. The web app is served from a snapshot (see `startParley`).
 */
export async function startParleyProcess(options: { config?: Partial<Config> } = {}): Promise<ParleyProcessServer> {
  const defaults = makeConfig();
  if (!existsSync(join(defaults.webRoot, 'index.html'))) {
    throw new Error(
      `The web app is not built (${defaults.webRoot}/index.html is missing). Run \`npm run build\` at the repository root first.`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'parley-e2e-proc-'));
  const webRoot = join(dir, 'web');
  const logPath = join(dir, 'server.log');
  await cp(defaults.webRoot, webRoot, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = {
    port,
    host: '127.0.0.1',
    logLevel: process.env.PARLEY_E2E_LOG_LEVEL ?? 'debug',
    webRoot,
    ...options.config,
  };
  const log = await open(logPath, 'a');
  const child = spawn(process.execPath, [SERVER_CHILD], {
    env: { ...process.env, PARLEY_E2E_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', log.fd, log.fd],
  });
  await log.close();
  processLogs.set(url, logPath);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const presence = async (room: string) => {
    const response = await fetch(`${url}/api/rooms/${encodeURIComponent(room)}`);
    if (!response.ok) throw new Error(`GET /api/rooms/${room}: ${response.status}`);
    return (await response.json()) as { participants: number; locked: boolean; e2ee: boolean };
  };
  const close = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killed);
    }
    // What it logged stays readable (a test may still fail after its server closed).
    if (processLogs.delete(url)) serverLines.push(...prefixed(url, await readFile(logPath)));
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      const output = (await readFile(logPath)).toString();
      await close();
      throw new Error(`Parley exited with ${child.exitCode}: ${output}`);
    }
    if (
      await fetch(`${url}/healthz`).then(
        (response) => response.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      await close();
      throw new Error(`Parley did not answer ${url}/healthz within 30 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, presence, close };
}

/**
 * Starts the real Parley server (HTTP + signaling + the built web app) in this process,
 * on a free port of 127.0.0.1, for the few tests that reach into it (its store, its TLS
 * certificate, its clock); the others use `startParleyProcess`. The tests depend on a built
 * tree only: `npm run build`.
 *
 * The web app is served from a snapshot of `packages/web/dist` taken here, so a rebuild running
 * meanwhile (vite empties its outDir first) cannot pull files from under a test.
 */
export async function startParley(
  options: {
    maxParticipants?: number;
    /** Any other settings (TURN, HTTPS, …), as `npm start` would read them. */
    config?: Partial<Config>;
    /** The clock TURN credentials are minted with. */
    now?: () => number;
  } = {},
): Promise<RunningParley> {
  const defaults = makeConfig();
  const index = join(defaults.webRoot, 'index.html');
  if (!existsSync(index)) {
    throw new Error(`The web app is not built (${index} is missing). Run \`npm run build\` at the repository root first.`);
  }
  const webRoot = await mkdtemp(join(tmpdir(), 'parley-e2e-web-'));
  try {
    await cp(defaults.webRoot, webRoot, { recursive: true });
    const config = makeConfig({
      port: 0,
      host: '127.0.0.1',
      logLevel: (process.env.PARLEY_E2E_LOG_LEVEL as Config['logLevel'] | undefined) ?? 'debug',
      webRoot,
      ...(options.maxParticipants ? { maxParticipants: options.maxParticipants } : {}),
      ...options.config,
    });
    let name = 'starting';
    const server = await createParleyServer(config, {
      logDestination: logBook(() => name),
      ...(options.now ? { now: options.now } : {}),
    });
    await server.listen();
    name = server.url();
    return {
      url: server.url(),
      server,
      async close() {
        await server.close();
        await rm(webRoot, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(webRoot, { recursive: true, force: true });
    throw error;
  }
}
