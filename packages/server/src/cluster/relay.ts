import { ParleyError, SignalMessageSchema, type SignalMessage } from '@parley/protocol';
import { z } from 'zod';
import type { ParleyServerIo, ParleySocket } from '../io/types.js';
import { checkBacklog } from '../relay/SignalRelay.js';

/**
 * Signals between nodes, delivered by the node that holds the receiver's connection and
 * checked there at the moment of delivery.
 *
 * Why not `io.to(socketId).emit` through the adapter: the sender's node looks the receiver up
 * in Redis, and by the time the message reaches the receiver's node the receiver may have left
 * that room (and joined another): the signal would arrive in the wrong room, and its sender would
 * never learn it was not delivered. Here the receiver's node checks that the connection still
 * speaks for that participant in that room, or refuses back to the sender (`peer-not-found`),
 * as a single node does. The envelope rides the same Redis stream as every other room event,
 * so a signal never overtakes the `participant-joined` it follows.
 *
 * Trade-off: a signal delivered this way is not in socket.io's recovery replay; one missed
 * during a blip shows as a gap in `seq`, which clients report and recover from.
 */

/** socket.io room nobody is in: broadcasts to it only carry envelopes between nodes. */
const RELAY_ROOM = 'parley:relay';
const RELAY_EVENT = 'relay';

const EnvelopeSchema = z.object({
  socketId: z.string().min(1).max(64),
  roomId: z.string().min(1).max(64),
  participantId: z.string().min(1).max(64),
  senderSocketId: z.string().min(1).max(64),
  message: SignalMessageSchema,
});
export interface RelayEnvelope {
  socketId: string;
  roomId: string;
  participantId: string;
  senderSocketId: string;
  message: SignalMessage;
}

/** The receiver's connection if this node holds it and it still speaks for them; 'gone' if it no longer does. */
function localReceiver(io: ParleyServerIo, envelope: RelayEnvelope): ParleySocket | 'gone' | 'elsewhere' {
  const socket = io.of('/').sockets.get(envelope.socketId);
  if (!socket) return 'elsewhere';
  if (socket.data.roomId !== envelope.roomId || socket.data.participantId !== envelope.participantId) return 'gone';
  return socket;
}

/** Here if the receiver is here (or gone from here); else to the other nodes. The caller checked the backlog (SignalRelay). */
export function relaySignal(io: ParleyServerIo, envelope: RelayEnvelope): 'delivered' | 'gone' | 'sent' {
  const local = localReceiver(io, envelope);
  if (local === 'gone') return 'gone';
  if (local !== 'elsewhere') {
    local.emit('signal', envelope.message);
    return 'delivered';
  }
  (io.to(RELAY_ROOM) as unknown as { emit(event: string, payload: RelayEnvelope): void }).emit(RELAY_EVENT, envelope);
  return 'sent';
}

/** What a cluster adapter hands to `onMessage` (socket.io-adapter's ClusterAdapter). */
interface ClusterMessage {
  uid?: string;
  nsp?: string;
  data?: { opts?: { rooms?: unknown }; packet?: { data?: unknown } };
}
interface ClusterAdapterLike {
  uid: string;
  onMessage(message: ClusterMessage, offset?: string): void;
}

/**
 * Takes envelopes out of the adapter's stream before socket.io would broadcast them (to
 * nobody): each node delivers those whose receiver it holds and refuses those gone from it.
 */
export function receiveRelays(io: ParleyServerIo, maxBacklogBytes: number): void {
  const adapter = io.of('/').adapter as unknown as ClusterAdapterLike;
  const original = adapter.onMessage.bind(adapter);
  adapter.onMessage = (message, offset) => {
    const rooms = message.data?.opts?.rooms;
    const data = message.data?.packet?.data;
    const isRelay = Array.isArray(rooms) && rooms.length === 1 && rooms[0] === RELAY_ROOM && Array.isArray(data) && data[0] === RELAY_EVENT;
    if (!isRelay || message.uid === adapter.uid || message.nsp !== '/') {
      original(message, offset);
      return;
    }
    const envelope = EnvelopeSchema.safeParse(data[1]);
    if (!envelope.success) return;
    const receiver = localReceiver(io, envelope.data);
    if (receiver === 'elsewhere') return;
    let refusal: ParleyError | null = receiver === 'gone' ? ParleyError.peerNotFound() : null;
    if (receiver !== 'gone') {
      try {
        // A receiver that stopped reading: the same bound as for one node.
        checkBacklog(receiver, maxBacklogBytes);
        receiver.emit('signal', envelope.data.message);
      } catch (error) {
        refusal = error instanceof ParleyError ? error : null;
      }
    }
    if (refusal) io.to(envelope.data.senderSocketId).emit('rejected', { event: 'signal', error: refusal.toPayload() });
  };
}
