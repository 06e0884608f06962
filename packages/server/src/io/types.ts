import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, Grant, ServerToClientEvents } from '@parley/protocol';

/** What the server remembers per connection once it has joined a room. */
export interface SocketData {
  participantId?: string;
  roomId?: string;
  name?: string;
  /** What this participant may do (see Participant.grants). */
  grants?: Grant[];
  /** A join is waiting for the room store; a second join must not race it. */
  joining?: boolean;
  /** Waiting to be let in (see access/waitingRoom.ts): the room, and the knock. */
  knock?: { roomId: string; id: string };
}

export type ParleyServerIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** socket.io room name for a Parley room (namespaced so it never collides with socket ids). */
export function roomChannel(roomId: string): string {
  return `room:${roomId}`;
}

/** socket.io room of the connections waiting to be let into a Parley room (see access/waitingRoom.ts). */
export function waitingChannel(roomId: string): string {
  return `waiting:${roomId}`;
}
