import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { connect, joined, nextEvent, startServer } from './support/harness.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('graceful shutdown', () => {
  it('tells every client to reconnect elsewhere, refuses newcomers, disconnects and closes', async () => {
    const server = await startServer();
    const room = `shutdown-${Date.now()}`;
    const [ada, bob] = await Promise.all([connect(server), connect(server)]);
    await joined(ada, room, 'Ada');
    await joined(bob, room, 'Bob');
    const notices = [nextEvent(ada, 'server-shutdown', 10_000), nextEvent(bob, 'server-shutdown', 10_000)];
    const ends = [nextEvent(ada, 'disconnect' as never, 10_000), nextEvent(bob, 'disconnect' as never, 10_000)];

    const done = server.shutdown({ timeoutMs: 5_000, reconnectInMs: 1_500 });
    for (const notice of await Promise.all(notices)) {
      expect(notice).toEqual({ reason: 'The server is restarting.', reconnectInMs: 1_500 });
    }
    // A newcomer during the drain is turned away: the port no longer accepts, and a
    // connection that raced in is refused with the reason.
    const late = io(server.url(), { transports: ['websocket'], forceNew: true, reconnection: false });
    const refusal = await new Promise<Error & { data?: { code: string } }>((resolve) => late.once('connect_error', resolve));
    late.disconnect();
    expect(refusal.data?.code ?? 'port closed').toMatch(/^(server-shutdown|port closed)$/);
    expect(await Promise.all(ends)).toEqual(['io server disconnect', 'io server disconnect']);
    await done;
    await expect(fetch(`${server.url()}/healthz`)).rejects.toThrow();
  });

  it('on SIGTERM the server process drains and exits 0 within its bound', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PARLEY_LOG_LEVEL: 'info', PARLEY_SHUTDOWN_TIMEOUT: '5' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Parley is running at (http:\/\/[^"\s]+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      void exited.then(() => reject(new Error(`server exited early:\n${output}`)));
    });
    const client = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise((resolve) => client.once('connect', () => resolve(undefined)));
    const notice = new Promise((resolve) => client.once('server-shutdown', resolve));

    child.kill('SIGTERM');
    expect(await notice).toMatchObject({ reconnectInMs: expect.any(Number) });
    expect(await exited).toBe(0);
    client.disconnect();
    const lines = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string });
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['shutting down', 'draining', 'drained']));
  });
});
