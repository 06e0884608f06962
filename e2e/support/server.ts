import { cp, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParleyServer, makeConfig, type Config, type ParleyServer, type ParleyServerOptions } from '@parley/server';

/**
 * Every line the servers of this run logged, in order, each prefixed with its server's port;
 * the fixtures write the lines of a failed test beside its browsers' consoles. Level: debug
 * (a departure's reason is logged there) unless PARLEY_E2E_LOG_LEVEL says otherwise.
 */
const serverLines: string[] = [];

/** A mark to read the server lines logged after it with `serverLogSince`. */
export function serverLogMark(): number {
  return serverLines.length;
}

export function serverLogSince(mark: number): string[] {
  return serverLines.slice(mark);
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

/**
 * Starts the real Parley server (HTTP + signaling + the built web app) in this process,
 * on a free port of 127.0.0.1. The tests depend on a built tree only: `npm run build`.
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
