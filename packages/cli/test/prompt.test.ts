import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { runParley } from './support.js';

const PARLEY = fileURLToPath(new URL('../bin/parley.js', import.meta.url));
let server: ParleyServer;
let dir: string;
beforeAll(async () => {
  server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent' }));
  await server.listen();
  dir = await mkdtemp(join(tmpdir(), 'parley-cli-prompt-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('parley receive on a terminal', () => {
  it('asks before each file (yes to one, no to the other) and draws a live progress bar', async () => {
    const link = `${server.url()}/r/prompt-room`;
    await writeFile(join(dir, 'keep.txt'), 'wanted\n');
    await writeFile(join(dir, 'skip.txt'), 'not wanted\n');
    const out = join(dir, 'out');
    // `script` (util-linux) gives the receiver a pseudo-terminal, as a person's shell would.
    // Not under CI's name either: a CI log gets plain lines even on a terminal (see screenOf).
    const env = { ...process.env };
    delete env.CI;
    const receiver = spawn('script', ['-qefc', `${process.execPath} ${PARLEY} receive ${link} --out ${out}`, '/dev/null'], {
      stdio: 'pipe',
      env,
    });
    let screen = '';
    receiver.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
    const received = new Promise<number | null>((resolve) => receiver.on('exit', resolve));
    const answered: string[] = [];
    const answer = setInterval(() => {
      // One answer per question, in the order they appear: the first file yes, the second no.
      const questions = [...screen.matchAll(/Accept (\S+) \(\d+ B\) from Sender\? \[y\/N\]/g)].map((m) => m[1]!);
      for (const name of questions.slice(answered.length)) {
        answered.push(name);
        receiver.stdin.write(name === 'keep.txt' ? 'y\n' : 'n\n');
      }
    }, 100);
    try {
      await expect.poll(() => screen, { timeout: 20_000 }).toMatch(/Waiting for offers/);
      const sent = await runParley(['send', link, join(dir, 'keep.txt'), join(dir, 'skip.txt'), '--name', 'Sender']);
      expect(await received).toBe(0);
      expect(answered).toEqual(['keep.txt', 'skip.txt']);
      expect(sent.code, sent.stdout).toBe(1); // one file was declined
      expect(sent.stdout).toMatch(/✓ keep\.txt → .*: delivered, SHA-256 verified/);
      expect(sent.stdout).toMatch(/✗ skip\.txt → .*: declined/);
      expect(await readdir(out)).toEqual(['keep.txt']);
      expect(await readFile(join(out, 'keep.txt'), 'utf8')).toBe('wanted\n');
      // A live bar, redrawn in place (cursor up, erase line), and the result kept.
      expect(screen).toMatch(/\[█{20}\] keep\.txt ← Sender: 7 B of 7 B \(100%\)/);
      expect(screen).toContain('\x1b[1A\x1b[2K');
      expect(screen).toMatch(/✓ keep\.txt ← Sender: saved /);
    } finally {
      clearInterval(answer);
      receiver.kill('SIGKILL');
    }
  });
});
