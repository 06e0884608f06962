import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { settingEntries } from '@parley/server';
import { describe, expect, it } from 'vitest';
import { JanusServer } from '@parley/testkit';
import { runParley } from './support.js';

const PARLEY = fileURLToPath(new URL('../bin/parley.js', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../../..', import.meta.url));

/** A command in the repository's root, as an operator types it, to its end. */
function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { cwd: REPOSITORY, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

interface Serving {
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop: () => Promise<number | null>;
}

/** Starts `parley serve <flags>` as a child process and resolves once it prints its address. */
async function serve(flags: string[]): Promise<Serving> {
  const child: ChildProcess = spawn(process.execPath, [PARLEY, 'serve', '--port', '0', '--host', '127.0.0.1', ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = async () => {
    child.kill('SIGTERM');
    return exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed:\n${output}`)), 15_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /On this machine:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    return { url, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitFor(condition: () => boolean, ms: number, what: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(what());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('parley serve (the built command, as a child process)', () => {
  it('runs the same server as npm start, answers /healthz, is found by parley doctor, and stops cleanly on SIGTERM', async () => {
    const server = await serve(['--log-level', 'silent']);
    try {
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string; rooms: number };
      expect(health).toMatchObject({ status: 'ok', rooms: 0 });
      // parley doctor with the same settings finds that server.
      const port = new URL(server.url).port;
      const doctor = await runParley(['doctor', '--port', port, '--host', '127.0.0.1']);
      expect(doctor.code, doctor.stdout).toBe(0);
      expect(doctor.stdout).toMatch(new RegExp(`✓ Parley at http://127\\.0\\.0\\.1:${port}`));
      expect(doctor.stdout).toMatch(/Summary: \d+ ok, \d+ warnings?, 0 failed/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('--janus connects the server to a real Janus (SFU mode), and it still stops cleanly', async () => {
    const janus = await JanusServer.start();
    try {
      const server = await serve(['--janus', janus.url, '--log-level', 'info']);
      try {
        // pino's JSON line for the pool's connection to that Janus.
        const connected = () =>
          server
            .output()
            .split('\n')
            .some((line) => line.includes('"janus connected"') && line.includes(`"janus":"${janus.url}"`));
        await waitFor(connected, 15_000, () => `no "janus connected" for ${janus.url}:\n${server.output()}`);
        const health = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string };
        expect(health.status).toBe('ok');
      } finally {
        expect(await server.stop()).toBe(0);
      }
    } finally {
      await janus.stop();
    }
  });
});

// Each test runs a built entry point as a child process, which takes seconds on a busy machine.
describe('help for the server settings (from its settings table)', () => {
  it('npm start -- --help and parley serve --help print one text, as do the doctor’s two, with every setting and its default', async () => {
    const [npmStart, parleyServe, npmDoctor, parleyDoctor] = await Promise.all([
      run('npm', ['start', '--silent', '--', '--help']),
      runParley(['serve', '--help']),
      run('npm', ['run', 'doctor', '--silent', '--', '--help']),
      runParley(['doctor', '--help']),
    ]);
    for (const help of [npmStart, parleyServe, npmDoctor, parleyDoctor]) expect(help.code, help.stdout).toBe(0);
    expect(npmStart.stdout).toBe(parleyServe.stdout);
    expect(npmDoctor.stdout).toBe(parleyDoctor.stdout);
    expect(parleyServe.stdout).toMatch(
      /^Parley: video meetings[^\n]*\n\nUsage: npm start -- \[options\]\n {3}or: parley serve \[options\]\n/,
    );
    expect(parleyDoctor.stdout).toMatch(/Usage: npm run doctor -- \[options\]\n {3}or: parley doctor \[options\]\n/);
    for (const help of [parleyServe.stdout, parleyDoctor.stdout]) {
      for (const [, entry] of settingEntries()) {
        if (entry.flag) expect(help).toContain(`--${entry.flag.name}`);
        expect(help).toContain(entry.env);
      }
      expect(help).toContain('Large rooms: SFU and recording:\n  --janus URL or PARLEY_JANUS_URLS; default none; the flag may be repeated');
      expect(help).not.toContain('Parley is running');
    }
    // What npm start builds first is said on stderr, and here nothing needed building.
    expect(npmStart.stderr).toContain('Parley build: web app unchanged');
  }, 120_000);

  it('a mistake in the settings ends parley serve with the usage exit code, naming the setting', async () => {
    const { code, stderr } = await runParley(['serve', '--rate-burst', '0']);
    expect(code).toBe(2);
    expect(stderr).toContain('rateLimitBurst (PARLEY_RATE_BURST, --rate-burst)');
    expect(stderr).toContain('See: parley serve --help');
  }, 60_000);
});
