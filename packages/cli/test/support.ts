import { spawn } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { fileURLToPath } from 'node:url';

const PARLEY = fileURLToPath(new URL('../bin/parley.js', import.meta.url));

/** Runs the built `parley` command to its end and returns its exit code and output. */
export function runParley(
  args: string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PARLEY, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`parley ${args.join(' ')} did not end within ${options.timeoutMs ?? 60_000} ms:\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A real Parley server on 127.0.0.1 for the calling describe block (or file): `server()` inside tests. */
export function useParleyServer(): () => ParleyServer {
  let server: ParleyServer | undefined;
  beforeAll(async () => {
    server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent' }));
    await server.listen();
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('the server starts in beforeAll');
    return server;
  };
}
