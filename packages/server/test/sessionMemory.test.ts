import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { waitFor } from '@parley/testkit';
import { connect, joined, serverPerFile } from './support/harness.js';

/**
 * What one signaling connection costs the server: engine.io's session keeps its first HTTP request
 * for the connection's whole life unless told otherwise, which nothing of Parley reads after the
 * handshake (a WebSocket's upgrade request is also held elsewhere in engine.io; see socketServer.ts).
 */
const server = serverPerFile();

describe('a signaling session', () => {
  it('holds no HTTP request once connected, over WebSocket and after an upgrade from polling, and works', async () => {
    const overWebSocket = await connect(server());
    const upgraded = io(server().url(), { forceNew: true, reconnection: false }); // long-polling first
    try {
      await new Promise<void>((resolve, reject) => {
        upgraded.once('connect', () => resolve());
        upgraded.once('connect_error', reject);
      });
      await waitFor(() => upgraded.io.engine.transport.name === 'websocket', { what: 'upgraded to WebSocket', timeoutMs: 5_000 });
      const room = `memory-${Date.now()}`;
      await joined(overWebSocket, room, 'Ana');
      const ben = await joined(upgraded, room, 'Ben');
      expect(ben.participants.map((participant) => participant.name)).toEqual(['Ana']);

      // Each signaling socket's engine.io session (socket.conn).
      const sessions = [...server().io.of('/').sockets.values()].map((socket) => socket.conn);
      expect(sessions).toHaveLength(2);
      for (const session of sessions) expect(session.request).toBeNull();
    } finally {
      upgraded.disconnect();
    }
  }, 20_000);
});
