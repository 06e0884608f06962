import type { Participant } from './Participant.js';
import type { JoinOutcome } from './RoomState.js';

/**
 * Where room membership lives. The in-memory store is the embedded default; a Redis
 * store (several nodes) implements the same contract. Async so either fits.
 */
export interface RoomStore {
  /** Add a participant unless the room is at `maxParticipants`; returns who was already there. */
  join(roomId: string, participant: Participant, maxParticipants: number): Promise<JoinOutcome>;
  /** Remove a participant; returns them, or null if they were not there. Empty rooms vanish. */
  leave(roomId: string, participantId: string): Promise<Participant | null>;
  get(roomId: string, participantId: string): Promise<Participant | null>;
  members(roomId: string): Promise<Participant[]>;
  stats(): Promise<{ rooms: number; participants: number }>;
}
