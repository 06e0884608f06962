import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A sound server of its own for a browser that needs real audio devices: Debian's PulseAudio with a
 * microphone that plays a given recording in a loop (module-pipe-source, fed from a FIFO) and a
 * speaker that plays into nothing (module-null-sink). Headless Firefox has no audio output, so
 * without one no AudioContext ever runs in it; with this one it runs, and its microphone goes
 * through Firefox's real capture path. Nothing leaves the test's folder: a unix socket, no network.
 */
export class PulseAudio {
  readonly #server: ChildProcess;
  readonly #feeder: ChildProcess;
  /** For the browser's environment: `PULSE_SERVER`. */
  readonly env: Record<string, string>;

  private constructor(server: ChildProcess, feeder: ChildProcess, socket: string) {
    this.#server = server;
    this.#feeder = feeder;
    this.env = { PULSE_SERVER: `unix:${socket}` };
  }

  /** `microphone`: 48 kHz mono signed 16-bit little-endian PCM (raw, no header), played in a loop. */
  static async start(dir: string, microphone: string): Promise<PulseAudio> {
    await mkdir(dir, { recursive: true });
    const socket = join(dir, 'native');
    const fifo = join(dir, 'microphone.fifo');
    const server = spawn(
      'pulseaudio',
      [
        '-n', // no default configuration: only the modules below
        '--daemonize=no',
        '--exit-idle-time=-1',
        '--use-pid-file=no',
        '--log-target=stderr',
        '-L',
        `module-pipe-source source_name=microphone file=${fifo} format=s16le rate=48000 channels=1`,
        '-L',
        'module-null-sink sink_name=speaker',
        '-L',
        `module-native-protocol-unix socket=${socket} auth-anonymous=1`,
      ],
      { env: { ...process.env, HOME: dir, PULSE_RUNTIME_PATH: dir }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    for (let tries = 0; ; tries++) {
      if (server.exitCode !== null) throw new Error(`pulseaudio exited: ${log}`);
      if (await exists(socket).then(() => exists(fifo))) break;
      if (tries > 100) {
        server.kill('SIGKILL');
        throw new Error(`pulseaudio did not start within 10 s: ${log}`);
      }
      await sleep(100);
    }
    // The source reads the FIFO at its own clock; `cat` blocks whenever the FIFO is full.
    const feeder = spawn('sh', ['-c', 'while :; do cat "$1" || exit 1; done > "$2"', 'feed', microphone, fifo], { stdio: 'ignore' });
    return new PulseAudio(server, feeder, socket);
  }

  async stop(): Promise<void> {
    this.#feeder.kill('SIGKILL');
    this.#server.kill('SIGTERM');
    if (this.#server.exitCode === null) await new Promise((resolve) => this.#server.once('exit', resolve));
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
