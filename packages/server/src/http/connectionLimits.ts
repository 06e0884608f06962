import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { addressKey } from '../limits/addressKey.js';
import { ConnectionCounter } from '../limits/ConnectionCounter.js';

/**
 * Open TCP connections per client address, counted where they are accepted: before any HTTP,
 * engine.io or socket.io code sees them. Above `max` a new one is closed at once, so one address
 * holding connections open (slowly sent requests, idle sockets) cannot use up the process's file
 * descriptors and make the server unreachable for everyone else.
 */
export function limitConnectionsPerAddress(server: Server, max: number, log: Logger): ConnectionCounter {
  const open = new ConnectionCounter();
  server.on('connection', (socket: Socket) => {
    const key = addressKey(socket.remoteAddress);
    if (!open.tryAdd(key, max)) {
      log.warn({ address: key, max }, 'too many connections from one address: closed');
      socket.destroy();
      return;
    }
    socket.once('close', () => open.remove(key));
  });
  return open;
}
