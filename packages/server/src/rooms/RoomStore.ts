import type { RoomStatus } from '@parley/protocol';
import type { Participant } from './Participant.js';
import type { Admission, JoinOutcome, RoomSetup, RoomState } from './RoomState.js';

/**
 * Where room membership lives. The in-memory store is the embedded default; a Redis
 * store (several nodes) implements the same contract. Async so either fits.
 */
export interface RoomStore {
  /**
   * Add a participant unless the room is at `maxParticipants` or `admit` refuses; returns who
   * was already there. `setup` applies when this join creates the room.
   */
  join(roomId: string, participant: Participant, maxParticipants: number, admit?: Admission, setup?: RoomSetup): Promise<JoinOutcome>;
  /** Remove a participant; returns them, or null if they were not there. Empty rooms vanish. */
  leave(roomId: string, participantId: string): Promise<Participant | null>;
  get(roomId: string, participantId: string): Promise<Participant | null>;
  members(roomId: string): Promise<Participant[]>;
  /** Host, lock and password of a room, or null when nobody is in it. */
  status(roomId: string): Promise<RoomStatus | null>;
  /** The password hash of a room, or null when it is open or does not exist. */
  passwordHash(roomId: string): Promise<string | null>;
  /** Runs a change on a live room atomically (moderation); null when the room does not exist. */
  update<T>(roomId: string, change: (room: RoomState) => T): Promise<T | null>;
  /**
   * This node now serves the participant's connection (socket.io recovered it here after
   * another node died). Returns whether they are in the room. A no-op for a single process.
   */
  adopt(roomId: string, participantId: string): Promise<boolean>;
  stats(): Promise<{ rooms: number; participants: number }>;
}
