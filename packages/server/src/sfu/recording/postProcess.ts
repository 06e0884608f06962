import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Debian's `janus-tools`; override for a locally built one. */
export const JANUS_PP_REC = process.env.PARLEY_JANUS_PP_REC ?? '/usr/bin/janus-pp-rec';
/** A conversion that takes longer than this is stuck (a long meeting converts in seconds). */
const CONVERSION_TIMEOUT_MS = 10 * 60_000;

/**
 * Converts one Janus recording (.mjr, RTP packets with a JSON header) into a playable file:
 * VP8/VP9 video → WebM, Opus audio → Ogg Opus. An argument array, never a shell: names come
 * from disk. Rejects with janus-pp-rec's last output lines when it fails.
 */
export function convertRecording(source: string, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      JANUS_PP_REC,
      ['--disable-colors', '--debug-level', '3', source, target],
      { timeout: CONVERSION_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (!error) return resolve();
        const said = `${stderr}\n${stdout}`.trim().split('\n').slice(-5).join(' | ');
        reject(new Error(`janus-pp-rec failed (${error.code ?? error.signal ?? error.message}): ${said}`.slice(0, 1000)));
      },
    );
  });
}

/**
 * Runs at most `limit` tasks at once, the rest in order after them: post-processing a
 * large meeting must not take every core from the live rooms on this server.
 */
export class BoundedQueue {
  readonly #limit: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit = Math.max(1, Math.floor(availableParallelism() / 2))) {
    this.#limit = limit;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#running += 1;
    try {
      return await task();
    } finally {
      this.#running -= 1;
      this.#waiting.shift()?.();
    }
  }
}
