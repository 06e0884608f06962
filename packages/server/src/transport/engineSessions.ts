import type { IncomingMessage } from 'node:http';
import type { ParleyServerIo } from '../io/types.js';
import { addressKey } from '../limits/addressKey.js';
import { ConnectionCounter } from '../limits/ConnectionCounter.js';

/**
 * engine.io sessions per client address. A session exists from the handshake on (a polling
 * request or a WebSocket), before and whether or not it ever joins the signaling namespace, so
 * counting namespace connections alone let one address hold any number of bare sessions.
 */
export class EngineSessions {
  readonly #open = new ConnectionCounter();
  readonly #max: number;

  constructor(io: ParleyServerIo, max: number) {
    this.#max = max;
    // The session's own remoteAddress: its request is let go at once (see createSocketServer).
    io.engine.on('connection', (session: { remoteAddress: string; once(event: 'close', listener: () => void): void }) => {
      const key = addressKey(session.remoteAddress);
      this.#open.tryAdd(key, 0);
      session.once('close', () => this.#open.remove(key));
    });
  }

  /** Whether a new handshake from this request's address may open one more session. */
  admits(request: IncomingMessage): boolean {
    return this.#max === 0 || this.#open.count(addressKey(request.socket.remoteAddress)) < this.#max;
  }
}
