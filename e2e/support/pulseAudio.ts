import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A sound server of its own for a browser that needs real audio devices: Debian's PulseAudio with a
 * microphone that plays a given recording in a loop and a speaker that plays into nothing.
 * The microphone is the monitor of a null sink the recording is played into: a null sink runs on
 * the server's clock, so the browser gets 48 000 samples a second. (A module-pipe-source has no
 * clock of its own: it hands on whatever the FIFO holds as fast as it is read, minutes of audio a
 * second, and Firefox's capture then skipped and stalled, sending no packets for up to a second.)
 * Headless Firefox has no audio output, so
 * without one no AudioContext ever runs in it; with this one it runs, and its microphone goes
 * through Firefox's real capture path. Nothing leaves the test's folder: a unix socket, no network.
 */
export class PulseAudio {
  readonly #server: ChildProcess;
  readonly #feeder: ChildProcess;
  /** For the browser's environment: `PULSE_SERVER`. */
  readonly env: Record<string, string>;

  readonly #runtime: string;

  private constructor(server: ChildProcess, feeder: ChildProcess, runtime: string, socket: string) {
    this.#server = server;
    this.#runtime = runtime;
    this.#feeder = feeder;
    this.env = { PULSE_SERVER: `unix:${socket}` };
  }

  /** `microphone`: 48 kHz mono signed 16-bit little-endian PCM (raw, no header), played in a loop. */
  static async start(dir: string, microphone: string): Promise<PulseAudio> {
    await mkdir(dir, { recursive: true });
    // A unix socket's path holds at most 107 bytes (sun_path), shorter than a test's output folder.
    const runtime = await mkdtemp(join(tmpdir(), 'parley-pulse-'));
    const socket = join(runtime, 'native');
    const script = join(dir, 'parley.pa');
    await writeFile(
      script,
      [
        'load-module module-null-sink sink_name=line rate=48000 channels=1',
        'load-module module-remap-source source_name=microphone master=line.monitor channels=1',
        'load-module module-null-sink sink_name=speaker rate=48000',
        // The browser plays into the speaker, never into the line its microphone hears.
        'set-default-sink speaker',
        'set-default-source microphone',
        // Last: once its socket is there, the server is ready.
        `load-module module-native-protocol-unix socket=${socket} auth-anonymous=1`,
        '',
      ].join('\n'),
    );
    const server = spawn(
      'pulseaudio',
      // -n: no default configuration, only the script's modules
      ['-n', '--daemonize=no', '--exit-idle-time=-1', '--use-pid-file=no', '--log-target=stderr', '-F', script],
      { env: { ...process.env, HOME: runtime, PULSE_RUNTIME_PATH: runtime }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    for (let tries = 0; ; tries++) {
      if (server.exitCode !== null) throw new Error(`pulseaudio exited: ${log}`);
      if (await exists(socket)) break;
      if (tries > 100) {
        server.kill('SIGKILL');
        throw new Error(`pulseaudio did not start within 10 s: ${log}`);
      }
      await sleep(100);
    }
    // One playback stream for the whole test: pacat reads as the sink plays, the pipe blocks `cat`
    // meanwhile, and the loop's seams are seamless.
    const feeder = spawn(
      'sh',
      [
        '-c',
        'while :; do cat "$1" || exit 1; done | pacat --playback -d line --raw --format=s16le --rate=48000 --channels=1',
        'feed',
        microphone,
      ],
      { env: { ...process.env, PULSE_SERVER: `unix:${socket}` }, stdio: 'ignore', detached: true },
    );
    return new PulseAudio(server, feeder, runtime, socket);
  }

  async stop(): Promise<void> {
    if (this.#feeder.pid !== undefined) process.kill(-this.#feeder.pid, 'SIGKILL'); // the shell, its loop and pacat
    this.#server.kill('SIGTERM');
    if (this.#server.exitCode === null) await new Promise((resolve) => this.#server.once('exit', resolve));
    await rm(this.#runtime, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
