import type { ServerShutdown } from '@parley/protocol';
import type { Logger } from 'pino';
import type { ParleyServerIo } from '../io/types.js';

export interface DrainOptions {
  io: ParleyServerIo;
  log: Logger;
  /** Stops accepting: refuses new connections from now on. */
  stopAccepting: () => void;
  /** Closes what is left (socket.io, HTTP). */
  close: () => Promise<void>;
  /** The whole drain ends within this many ms, clients gone or not. */
  timeoutMs: number;
  /** Told to clients: when to reconnect (to this address, served by the next instance, or another). */
  reconnectInMs?: number;
  /** Ends the connections still open; by default a server-side disconnect (they leave their rooms). */
  disconnectRest?: () => void;
}

/**
 * Graceful shutdown: refuse new connections, tell every client why (`server-shutdown`,
 * with when to reconnect), give them a moment to go on their own, then disconnect the rest
 * and close. Bounded: resolves within `timeoutMs` whatever the clients do.
 */
export async function drain(options: DrainOptions): Promise<void> {
  const { io, log } = options;
  options.stopAccepting();
  const notice: ServerShutdown = { reason: 'The server is restarting.', reconnectInMs: options.reconnectInMs ?? 1_000 };
  const clients = io.of('/').sockets.size;
  // `local`: with several nodes, only this node's clients (a plain emit reaches every node's).
  io.local.emit('server-shutdown', notice);
  log.info({ clients, timeoutMs: options.timeoutMs }, 'draining');
  // Half the bound for clients to leave by themselves (their leave tells their rooms), the rest to close.
  await waitUntil(() => io.of('/').sockets.size === 0, Math.min(1_000, options.timeoutMs / 2));
  const left = io.of('/').sockets.size;
  (options.disconnectRest ?? (() => io.local.disconnectSockets(true)))();
  const closed = await Promise.race([
    options.close().then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), options.timeoutMs / 2).unref()),
  ]);
  log.info({ clients, disconnected: left, closed }, 'drained');
}

async function waitUntil(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
