import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

/** Debian's Janus (package `janus`); override for a locally built one. */
const JANUS_BINARY = process.env.PARLEY_JANUS_BINARY ?? '/usr/bin/janus';
const JANUS_LIB = '/usr/lib/x86_64-linux-gnu/janus';

/** Every transport and plugin of the package but the two Parley needs (see deploy/janus/). */
const OTHER_TRANSPORTS = ['http', 'mqtt', 'nanomsg', 'pfunix', 'rabbitmq'];
const OTHER_PLUGINS = [
  'audiobridge',
  'duktape',
  'echotest',
  'lua',
  'nosip',
  'recordplay',
  'sip',
  'streaming',
  'textroom',
  'videocall',
  'voicemail',
];

/**
 * The configuration of a test Janus: WebSocket API on 127.0.0.1 only, no admin API, only the
 * VideoRoom plugin. `ice_enforce_list = "lo"` asks for ICE on loopback, but Janus skips loopback
 * interfaces when it gathers, so libnice falls back to the machine's own non-loopback address:
 * that is the host candidate Janus advertises (media still never leaves the machine). `full_trickle`: Janus trickles its own
 * candidates too (Parley relays them over signaling).
 */
function writeConfig(dir: string, wsPort: number, rtpPorts: string): string {
  writeFileSync(
    join(dir, 'janus.jcfg'),
    `general: {
  configs_folder = "${dir}"
  plugins_folder = "${JANUS_LIB}/plugins"
  transports_folder = "${JANUS_LIB}/transports"
  events_folder = "${JANUS_LIB}/events"
  loggers_folder = "${JANUS_LIB}/loggers"
  debug_level = 4
  debug_timestamps = true
  debug_colors = false
  session_timeout = 60
  server_name = "parley-test"
}
media: {
  rtp_port_range = "${rtpPorts}"
}
nat: {
  ice_enforce_list = "lo"
  full_trickle = true
  ignore_mdns = true
}
plugins: {
  disable = "${OTHER_PLUGINS.map((name) => `libjanus_${name}.so`).join(',')}"
}
transports: {
  disable = "${OTHER_TRANSPORTS.map((name) => `libjanus_${name}.so`).join(',')}"
}
loggers: {
  disable = "libjanus_jsonlog.so"
}
events: {
  broadcast = false
}
`,
  );
  writeFileSync(
    join(dir, 'janus.transport.websockets.jcfg'),
    `general: {
  json = "plain"
  ws = true
  ws_port = ${wsPort}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: {
  admin_ws = false
  admin_wss = false
}
`,
  );
  writeFileSync(join(dir, 'janus.plugin.videoroom.jcfg'), 'general: {\n}\n');
  return join(dir, 'janus.jcfg');
}

/** Janus at debug level 4 prints a few lines per handle and ICE step: this keeps a test's worth. */
const MAX_OUTPUT_CHUNKS = 20_000;
const OUTPUT_CHUNKS_DROPPED_AT_ONCE = 1_000;

/**
 * A real Janus (the Debian package) on 127.0.0.1 for one test file, from a temporary config
 * folder. `stop()` ends it (SIGTERM, then SIGKILL after 5 s) and removes the folder.
 */
export class JanusServer {
  readonly #child: ChildProcess;
  readonly #dir: string;
  /** What Janus printed (the latest `MAX_OUTPUT_CHUNKS`): shown when it fails to start, attached when a test fails. */
  readonly output: string[] = [];
  /** How many chunks of output were let go from the front of `output`. */
  #droppedChunks = 0;

  private constructor(
    readonly port: number,
    child: ChildProcess,
    dir: string,
  ) {
    this.#child = child;
    this.#dir = dir;
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > MAX_OUTPUT_CHUNKS) {
        this.output.splice(0, OUTPUT_CHUNKS_DROPPED_AT_ONCE);
        this.#droppedChunks += OUTPUT_CHUNKS_DROPPED_AT_ONCE;
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** Where Janus's output stands now, to read what it prints after it with `outputSince`. */
  outputMark(): number {
    return this.#droppedChunks + this.output.length;
  }

  /** What Janus printed since `mark` (what is still kept of it). */
  outputSince(mark: number): string {
    return this.output.slice(Math.max(0, mark - this.#droppedChunks)).join('');
  }

  /** The WebSocket API URL (for PARLEY_JANUS_URLS). */
  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  static async start(): Promise<JanusServer> {
    const dir = mkdtempSync(join(tmpdir(), 'parley-janus-'));
    const port = await freePort();
    // A range of its own per instance, so two Janus on one machine never fight over RTP ports, and
    // below both Linux's ephemeral range (32768+, where libwebrtc's and the browsers' sockets are)
    // and the test coturn's relay ports (20000+).
    const base = 10_000 + (port % 100) * 100;
    const config = writeConfig(dir, port, `${base}-${base + 99}`);
    const child = spawn(JANUS_BINARY, ['-C', config, '-F', dir, '--disable-colors'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const janus = new JanusServer(port, child, dir);
    try {
      await janus.#waitForPort(20_000);
    } catch (error) {
      await janus.stop();
      throw error;
    }
    return janus;
  }

  async #waitForPort(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`janus exited (${this.#child.exitCode ?? this.#child.signalCode}): ${this.output.join('')}`);
      if (await accepts(this.port)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`janus did not open its WebSocket port within ${ms} ms: ${this.output.join('')}`);
  }

  /** Stops Janus and waits for it to exit; resolves with how it exited. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.#child;
    if (this.running) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(this.#dir, { recursive: true, force: true });
    return { code: child.exitCode, signal: child.signalCode };
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
