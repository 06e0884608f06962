import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@parley/testkit';
import { Signaling } from '../src/Signaling.js';

/**
 * A browser that goes offline while its signaling connection is still opening. engine.io-client
 * closes the transport on the window's `offline` event; one still opening closes without an
 * error, which socket.io's Manager does not hear, so the attempt hung for the whole connect
 * timeout and the lobby said nothing ("Joining…"; lobby.spec beside two CPU burners). In Node
 * there is no window: the test holds a handshake open with a server that accepts and never
 * answers, closes the opening transport as engine.io does, and fires `offline` as the window would.
 */
const opened: Signaling[] = [];
const servers: Server[] = [];
const held: Socket[] = [];
const listeners = new Set<() => void>();
const realAdd = globalThis.addEventListener;
const realRemove = globalThis.removeEventListener;

afterEach(() => {
  for (const signaling of opened.splice(0)) signaling.close();
  for (const socket of held.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) server.close();
  globalThis.addEventListener = realAdd;
  globalThis.removeEventListener = realRemove;
  listeners.clear();
});

/** A TCP server that accepts and never answers: a WebSocket handshake to it stays opening. */
async function silentServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((socket) => held.push(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}

describe('Signaling, offline while the connection opens', () => {
  it('says "reconnecting" at once instead of hanging until the connect timeout', async () => {
    globalThis.addEventListener = ((type: string, listener: () => void) => {
      if (type === 'offline') listeners.add(listener);
    }) as typeof globalThis.addEventListener;
    globalThis.removeEventListener = ((type: string, listener: () => void) => {
      if (type === 'offline') listeners.delete(listener);
    }) as typeof globalThis.removeEventListener;
    const { url, server } = await silentServer();
    const signaling = new Signaling({ serverUrl: url, connectTimeoutMs: 4_000 });
    opened.push(signaling);
    const states: string[] = [];
    signaling.on('state', (state) => states.push(state));
    const connecting = signaling.connect().catch((error: unknown) => error);
    await waitFor(() => held.length > 0, { what: 'the handshake held open', timeoutMs: 3_000 });
    expect(signaling.state).toBe('connecting');

    // The network goes: nothing answers any more, engine.io closes the opening transport, the window says offline.
    server.close();
    for (const socket of held.splice(0)) socket.destroy();
    signaling.socket.io.engine.close();
    const wentAt = Date.now();
    for (const listener of listeners) listener();

    await waitFor(() => signaling.state === 'reconnecting', { what: 'reconnecting', timeoutMs: 2_000 });
    expect(Date.now() - wentAt).toBeLessThan(2_000);
    expect(states).toContain('reconnecting');
    signaling.close();
    expect(listeners.size).toBe(0);
    await connecting;
  }, 15_000);
});
