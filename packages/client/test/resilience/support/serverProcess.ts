import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config } from '@parley/server';

export interface ServerProcess {
  url: string;
  /** The server's heap after full garbage collections, in bytes. */
  heapUsed(): Promise<number>;
  stats(): Promise<{ rooms: number; participants: number; connections: number }>;
  /** True while the process runs. */
  alive(): boolean;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./serverChild.mjs', import.meta.url));

/** Starts a Parley server in a child process (with --expose-gc) and talks to it over IPC. */
export async function startServerProcess(overrides: Partial<Config> = {}): Promise<ServerProcess> {
  const child: ChildProcess = fork(CHILD, [], {
    execArgv: ['--expose-gc'],
    env: { ...process.env, PARLEY_TEST_CONFIG: JSON.stringify(overrides) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const ask = <T>(type: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: { type: string }): void => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message as T);
      };
      child.on('message', onMessage);
      if (!child.send({ type })) reject(new Error('the server process is gone'));
    });
  const ready = await new Promise<{ url: string }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { url: string }));
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
  });
  return {
    url: ready.url,
    heapUsed: async () => (await ask<{ heapUsed: number }>('heap')).heapUsed,
    stats: () => ask('stats'),
    alive: () => !exited,
    stop: async () => {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    },
  };
}
