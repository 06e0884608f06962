import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runParley } from './support.js';

const PARLEY = fileURLToPath(new URL('../bin/parley.js', import.meta.url));

describe('parley serve (the built command, as a child process)', () => {
  it('runs the same server as npm start, answers /healthz, is found by parley doctor, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [PARLEY, 'serve', '--port', '0', '--host', '127.0.0.1', '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address printed:\n${output}`)), 15_000);
        child.stdout.on('data', () => {
          const match = /On this machine:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string; rooms: number };
      expect(health).toMatchObject({ status: 'ok', rooms: 0 });
      // parley doctor with the same settings finds that server.
      const port = new URL(url).port;
      const doctor = await runParley(['doctor', '--port', port, '--host', '127.0.0.1']);
      expect(doctor.code, doctor.stdout).toBe(0);
      expect(doctor.stdout).toMatch(new RegExp(`✓ Parley at http://127\\.0\\.0\\.1:${port}`));
      expect(doctor.stdout).toMatch(/Summary: \d+ ok, \d+ warnings?, 0 failed/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
