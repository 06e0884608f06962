import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeConfig } from '@parley/server';
import { freePort } from '@parley/testkit';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'server', 'dist', 'main.js');

/**
 * The Parley server as its own process (`node packages/server/dist/main.js`, as `npm start`
 * runs it), so a test can kill it the way a crash or an OOM kill does (SIGKILL: no goodbye to
 * any client) and start another on the same port with the same PARLEY_SECRET.
 */
export class ParleyProcess {
  readonly port: number;
  readonly secret: string;
  readonly #webRoot: string;
  readonly #env: Record<string, string>;
  #child: ChildProcess | null = null;
  readonly output: string[] = [];

  private constructor(port: number, webRoot: string, options: ProcessOptions) {
    this.port = port;
    this.#webRoot = webRoot;
    this.secret = options.secret ?? randomBytes(32).toString('hex');
    this.#env = options.env ?? {};
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A free port and a snapshot of the built web app (see support/server.ts for why). */
  static async prepare(options: ProcessOptions = {}): Promise<ParleyProcess> {
    const built = makeConfig().webRoot;
    if (!existsSync(join(built, 'index.html')) || !existsSync(MAIN)) {
      throw new Error('Parley is not built: run `npm run build` at the repository root first.');
    }
    const webRoot = await mkdtemp(join(tmpdir(), 'parley-e2e-proc-'));
    await cp(built, webRoot, { recursive: true });
    return new ParleyProcess(await freePort(), webRoot, options);
  }

  /** Starts the server and resolves once /healthz answers. */
  async start(): Promise<void> {
    if (this.#child) throw new Error('already running');
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        PARLEY_WEB_ROOT: this.#webRoot,
        PARLEY_LOG_LEVEL: 'warn',
        PARLEY_SECRET: this.secret,
        ...this.#env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`Parley exited with ${child.exitCode}: ${this.output.join('')}`);
      if ((await this.health()) !== null) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Parley did not answer /healthz within 20 s: ${this.output.join('')}`);
  }

  /** /healthz, or null while the server does not answer. */
  async health(): Promise<{ rooms: number; participants: number } | null> {
    try {
      const response = await fetch(`${this.url}/healthz`);
      return response.ok ? ((await response.json()) as { rooms: number; participants: number }) : null;
    } catch {
      return null;
    }
  }

  /** SIGKILL, then waits until the process is gone (the port is free again). */
  async kill(): Promise<void> {
    const child = this.#child;
    this.#child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  async dispose(): Promise<void> {
    await this.kill();
    await rm(this.#webRoot, { recursive: true, force: true });
  }
}

/** Several nodes share a secret (and Redis, through `env`). */
export interface ProcessOptions {
  secret?: string;
  env?: Record<string, string>;
}
