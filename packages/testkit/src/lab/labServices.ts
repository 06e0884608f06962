import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startCoturn, type Coturn } from '../coturn.js';
import type { NetLab } from './NetLab.js';

/** Parley's port on the lab's public address (the namespace is new, so any port is free). */
const PARLEY_PORT = 8080;

/** Parley (and coturn) running on a lab's public network. */
export interface LabServices {
  /** What every participant opens: `http://203.0.113.1:8080`. */
  readonly url: string;
  readonly coturn: Coturn | null;
  /** What Parley printed (its log at `logLevel`), for a failed test's report. */
  readonly serverOutput: string[];
  /** Stops Parley and coturn (the lab itself stays until its own close). */
  close(): Promise<void>;
}

export interface LabServicesOptions {
  /** The built server's entry point (`packages/server/dist/main.js`). */
  serverMain: string;
  /** The built web app (`packages/web/dist`). */
  webRoot: string;
  /** coturn beside Parley, whose STUN and TURN (UDP and TCP) URLs Parley hands out. Default true. */
  turn?: boolean;
  /** Parley's log level (default `warn`). */
  logLevel?: string;
  /** More settings for Parley (PARLEY_* variables). */
  env?: Record<string, string>;
}

/**
 * Starts the built Parley server, as `npm start` runs it, on the lab's public address, with
 * coturn beside it: participants in households behind NAT routers reach both only through their
 * routers, as across the Internet.
 */
export async function startLabServices(lab: NetLab, options: LabServicesOptions): Promise<LabServices> {
  let coturn: Coturn | null = null;
  let server: ChildProcess | null = null;
  const serverOutput: string[] = [];
  const close = async (): Promise<void> => {
    server?.kill('SIGKILL');
    await coturn?.close();
  };
  try {
    if (options.turn !== false) {
      coturn = await startCoturn({
        listeningIp: lab.publicAddress,
        launch: (command, args, spawnOptions) => lab.spawn(lab.publicNs, command, args, spawnOptions),
        ready: (port) => lab.waitForTcp(lab.publicNs, lab.publicAddress, port, 10_000),
      });
    }
    const parley = lab.spawn(lab.publicNs, process.execPath, [options.serverMain], {
      env: {
        ...process.env,
        PORT: String(PARLEY_PORT),
        HOST: lab.publicAddress,
        PARLEY_WEB_ROOT: options.webRoot,
        PARLEY_LOG_LEVEL: options.logLevel ?? 'warn',
        PARLEY_SECRET: randomBytes(32).toString('hex'),
        ...(coturn
          ? {
              PARLEY_STUN_URLS: `stun:${coturn.host}:${coturn.port}`,
              PARLEY_TURN_URLS: `${coturn.urls.udp},${coturn.urls.tcp}`,
              PARLEY_TURN_SECRET: coturn.secret,
            }
          : {}),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = parley;
    parley.stdout?.on('data', (chunk: Buffer) => serverOutput.push(chunk.toString()));
    parley.stderr?.on('data', (chunk: Buffer) => serverOutput.push(chunk.toString()));
    await lab.waitForTcp(lab.publicNs, lab.publicAddress, PARLEY_PORT);
    return { url: `http://${lab.publicAddress}:${PARLEY_PORT}`, coturn, serverOutput, close };
  } catch (error) {
    await close();
    throw error;
  }
}
