import type { ParleySocket } from '../io/types.js';

/** What engine.io keeps per connection that tells how much is still waiting to be sent. */
interface EngineConnection {
  /** Packets queued while the transport cannot take more (engine.io's Socket#writeBuffer). */
  writeBuffer?: readonly { data?: unknown }[];
  /** The WebSocket under a websocket transport: `bufferedAmount` counts bytes not yet handed to the network (ws, as in the WebSocket API). */
  transport?: { socket?: { bufferedAmount?: number } };
}

/**
 * Bytes sent to this connection that its client has not read yet: engine.io's queue plus the
 * WebSocket's own buffer. A client that stops reading (a paused tab, an attacker) makes this
 * grow with everything relayed to it; the relay checks it before adding more.
 */
export function backlogBytes(socket: ParleySocket): number {
  const connection = socket.conn as unknown as EngineConnection;
  let bytes = connection.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of connection.writeBuffer ?? []) {
    const data = packet.data;
    if (typeof data === 'string') bytes += data.length;
    else if (data instanceof Uint8Array) bytes += data.byteLength;
  }
  return bytes;
}

export type BacklogVerdict = 'ok' | 'busy' | 'stalled';

/** Room for one more message to `socket`: 'busy' above `maxBytes`, 'stalled' (disconnect it) above four times that. */
export function backlogVerdict(socket: ParleySocket, maxBytes: number): BacklogVerdict {
  const bytes = backlogBytes(socket);
  if (bytes > 4 * maxBytes) return 'stalled';
  return bytes > maxBytes ? 'busy' : 'ok';
}
