import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built `parley` command (packages/cli, via its committed launcher): `npm run build` first. */
export const PARLEY_BIN = fileURLToPath(new URL('../../packages/cli/bin/parley.js', import.meta.url));

/**
 * One run of the `parley` command as a child process, as a person would start it in a terminal
 * (stdout is a pipe, so progress comes as plain lines). Everything it prints is kept.
 */
export class ParleyProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** stdout and stderr, interleaved as they arrived. */
  output = '';
  readonly exited: Promise<number | null>;

  constructor(
    readonly args: readonly string[],
    options: { cwd?: string } = {},
  ) {
    this.child = spawn(process.execPath, [PARLEY_BIN, ...args], {
      cwd: options.cwd,
      stdio: 'pipe',
      env: { ...process.env, NO_COLOR: '1' },
    });
    this.child.stdin.end();
    const append = (chunk: Buffer) => (this.output += chunk.toString('utf8'));
    this.child.stdout.on('data', append);
    this.child.stderr.on('data', append);
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve(signal ? null : code)));
  }

  /** Resolves with the first match of `pattern` in the output, or rejects after `timeoutMs` (or if the process ends first). */
  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    let ended = false;
    void this.exited.then(() => (ended = true));
    for (;;) {
      const match = pattern.exec(this.output);
      if (match) return match;
      if (ended || Date.now() > deadline) {
        throw new Error(`parley ${this.args[0]} ${ended ? 'ended' : 'went on'} without printing ${pattern}. It printed:\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Every match of a global pattern so far. */
  all(pattern: RegExp): RegExpMatchArray[] {
    return [...this.output.matchAll(pattern)];
  }

  /** Sends a signal (idempotent once it ended) and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

/** Starts `parley <args…>`; stopped by `stopAll` at the end of the test. */
export function parley(running: ParleyProcess[], args: readonly string[], options?: { cwd?: string }): ParleyProcess {
  const process = new ParleyProcess(args, options);
  running.push(process);
  return process;
}

export async function stopAll(running: ParleyProcess[]): Promise<void> {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
}
