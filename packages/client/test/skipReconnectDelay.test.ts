import { afterEach, describe, expect, it } from 'vitest';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { skipReconnectDelay } from '../src/skipReconnectDelay.js';
import { Signaling } from '../src/Signaling.js';

let server: ParleyServer | null = null;
const connections: Signaling[] = [];
afterEach(async () => {
  for (const signaling of connections.splice(0)) signaling.close();
  await server?.close();
  server = null;
});

/** A connected Signaling to a fresh server, and how long its next reconnect took after `drop`. */
async function reconnectTime(drop: (signaling: Signaling) => void): Promise<{ ms: number; delayAfter: number }> {
  if (!server) {
    server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent' }));
    await server.listen();
  }
  const signaling = new Signaling({ serverUrl: server.url() });
  connections.push(signaling);
  await signaling.connect();
  const back = new Promise<void>((resolve) => signaling.once('reconnected', () => resolve()));
  const droppedAt = performance.now();
  drop(signaling);
  await back;
  return { ms: performance.now() - droppedAt, delayAfter: signaling.socket.io.reconnectionDelay() };
}

describe('skipReconnectDelay', () => {
  it('a connection lost while we check it is back without socket.io’s reconnection delay, which stays for later attempts', async () => {
    const usual = await reconnectTime((signaling) => signaling.socket.io.engine.close());
    const atOnce = await reconnectTime((signaling) => {
      skipReconnectDelay(signaling.socket.io);
      signaling.socket.io.engine.close();
    });
    // socket.io waits 250–750 ms before its first attempt; at once, only the handshake is left.
    expect(usual.ms).toBeGreaterThanOrEqual(250);
    expect(atOnce.ms).toBeLessThan(usual.ms);
    expect(atOnce.ms).toBeLessThan(200);
    expect(atOnce.delayAfter).toBe(usual.delayAfter);
    expect(atOnce.delayAfter).toBeGreaterThan(0);
  });

  it('a check that found the connection alive puts the usual delay back at once', async () => {
    const usual = await reconnectTime((signaling) => signaling.socket.io.engine.close());
    const checked = await reconnectTime((signaling) => {
      skipReconnectDelay(signaling.socket.io)();
      signaling.socket.io.engine.close();
    });
    expect(checked.ms).toBeGreaterThanOrEqual(250);
    expect(checked.delayAfter).toBe(usual.delayAfter);
  });
});
