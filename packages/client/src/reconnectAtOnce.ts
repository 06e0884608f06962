import type { Manager } from 'socket.io-client';

/** What of socket.io's Manager this needs. */
export type ReconnectingManager = Pick<Manager, 'reconnectionDelay' | 'once'> & { engine: { close(): void } };

/**
 * Drops the connection's transport and lets socket.io reconnect with no wait. Its reconnection
 * delay (500 ms, randomized to 250–750 ms) keeps many clients of a server that went away from
 * coming back in one burst; a connection we drop ourselves because our own network changed
 * (Signaling.checkAlive) has only itself to bring back, and every millisecond of it is a frozen
 * call. The usual delay is back for the attempts after the first.
 */
export function reconnectAtOnce(manager: ReconnectingManager): void {
  const usual = manager.reconnectionDelay();
  manager.reconnectionDelay(0);
  manager.once('reconnect_attempt', () => manager.reconnectionDelay(usual));
  manager.engine.close();
}
