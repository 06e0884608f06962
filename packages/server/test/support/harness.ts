import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll } from 'vitest';
import type { Ack, ClientToServerEvents, JoinSnapshot, Rejected, ServerToClientEvents } from '@parley/protocol';
import { createParleyServer, type ParleyServer, type ParleyServerOptions } from '../../src/server.js';
import { makeConfig, type Config } from '../../src/config.js';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real Parley server on a free loopback port, serving a stand-in web app. */
export async function startServer(overrides: Partial<Config> = {}, options: ParleyServerOptions = {}): Promise<ParleyServer> {
  const webRoot = mkdtempSync(joinPath(tmpdir(), 'parley-web-'));
  writeFileSync(joinPath(webRoot, 'index.html'), '<!doctype html><title>Parley</title><div id="root"></div>');
  const server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', webRoot, ...overrides }), options);
  await server.listen();
  return server;
}

const clients: TestClient[] = [];

/** A socket.io client; `localAddress` (any 127.x address) makes it come from another address than the others. */
export async function connect(
  server: Pick<ParleyServer, 'url'>,
  extraHeaders?: Record<string, string>,
  localAddress?: string,
): Promise<TestClient> {
  const socket: TestClient = io(server.url(), {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(extraHeaders ? { extraHeaders } : {}),
    ...(localAddress ? { localAddress } : {}),
  } as Parameters<typeof io>[1]);
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

export function closeAllClients(): void {
  for (const socket of clients.splice(0)) socket.disconnect();
}

export async function join(socket: TestClient, room: string, name: string): Promise<Ack<JoinSnapshot>> {
  return socket.timeout(5_000).emitWithAck('join', { room, name });
}

export async function joined(socket: TestClient, room: string, name: string): Promise<JoinSnapshot> {
  const result = await join(socket, room, name);
  if (!result.ok) throw new Error(`join failed: ${result.error.message}`);
  return result.value;
}

/** Resolves with the next event of that name, or rejects after `ms`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestClient,
  event: E,
  ms = 3_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${String(event)}" within ${ms} ms`)), ms);
    const listener = (payload: unknown): void => {
      clearTimeout(timer);
      resolve(payload as Parameters<ServerToClientEvents[E]>[0]);
    };
    socket.once(event, listener as never);
  });
}

/** Collects every event of that name from now on. */
export function collect<E extends keyof ServerToClientEvents>(socket: TestClient, event: E): unknown[] {
  const seen: unknown[] = [];
  socket.on(event, ((payload: unknown) => seen.push(payload)) as never);
  return seen;
}

export function nextRejection(socket: TestClient, ms?: number): Promise<Rejected> {
  return nextEvent(socket, 'rejected', ms);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const OFFER = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' } as const;

/** One server for the whole test file: started before the first test, closed (with its clients) after the last. */
export function serverPerFile(overrides: Partial<Config> = {}): () => ParleyServer {
  let server: ParleyServer | undefined;
  beforeAll(async () => {
    server = await startServer(overrides);
  });
  afterAll(async () => {
    closeAllClients();
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('the server has not started');
    return server;
  };
}

/** The value of one sample in Prometheus text, e.g. `parley_rejections_total{reason="rate-limited"}`; 0 if absent. */
export async function metric(server: ParleyServer, sample: string): Promise<number> {
  const text = await (await fetch(`${server.url()}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}
