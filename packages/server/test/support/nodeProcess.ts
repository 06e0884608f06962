import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@parley/testkit';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'main.js');

/**
 * One Parley node as its own process (the built `dist/main.js`), so a test can kill it the
 * way a crash does (SIGKILL: no goodbye to anyone, no cleanup in Redis).
 */
export class NodeProcess {
  #child: ChildProcess | null = null;
  readonly output: string[] = [];

  private constructor(
    readonly port: number,
    readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string>): Promise<NodeProcess> {
    if (!existsSync(MAIN)) throw new Error('The server is not built: run `npm run build` at the repository root first.');
    const node = new NodeProcess(await freePort(), env);
    await node.start();
    return node;
  }

  url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Runs main.js to completion (for startup errors): its exit code and output. */
  static async run(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, [MAIN], { env: { ...baseEnv(await freePort()), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { code, output };
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [MAIN], { env: { ...baseEnv(this.port), ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`node exited with ${child.exitCode}: ${this.output.join('')}`);
      if ((await this.health()) !== null) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`node did not answer /healthz within 30 s: ${this.output.join('')}`);
  }

  get running(): boolean {
    return this.#child !== null && this.#child.exitCode === null;
  }

  /** /healthz, or null while the node does not answer. */
  async health(): Promise<Record<string, unknown> | null> {
    try {
      const response = await fetch(`${this.url()}/healthz`);
      return response.ok ? ((await response.json()) as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  /** SIGKILL (a crash), then waits until the process is gone. */
  kill(): Promise<void> {
    return this.#signal('SIGKILL');
  }

  /** SIGTERM (a graceful stop: drain, then exit), then waits until the process is gone. */
  terminate(): Promise<void> {
    return this.#signal('SIGTERM');
  }

  async #signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    this.#child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }
}

function baseEnv(port: number): NodeJS.ProcessEnv {
  const webRoot = mkdtempSync(join(tmpdir(), 'parley-node-web-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Parley</title>');
  return { ...process.env, PORT: String(port), HOST: '127.0.0.1', PARLEY_WEB_ROOT: webRoot, PARLEY_LOG_LEVEL: 'warn' };
}
