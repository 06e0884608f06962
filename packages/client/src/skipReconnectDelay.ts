import type { Manager } from 'socket.io-client';

/** What of socket.io's Manager this needs. */
export type ReconnectingManager = Pick<Manager, 'reconnectionDelay' | 'once' | 'off'>;

/**
 * Lets the next reconnect of this connection come with no wait; returns what puts the usual wait
 * back (also put back by itself at that reconnect's first attempt). socket.io's reconnection
 * delay (500 ms, randomized to 250–750 ms) keeps many clients of a server that went away from
 * coming back in one burst; a connection lost because our own network changed (see
 * Signaling.checkAlive) has only itself to bring back, and every millisecond of it is a frozen
 * call. The attempts after the first wait as usual.
 */
export function skipReconnectDelay(manager: ReconnectingManager): () => void {
  const usual = manager.reconnectionDelay();
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    manager.off('reconnect_attempt', restore);
    manager.reconnectionDelay(usual);
  };
  manager.reconnectionDelay(0);
  manager.once('reconnect_attempt', restore);
  return restore;
}
