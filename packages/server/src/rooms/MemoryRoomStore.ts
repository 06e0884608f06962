import type { Participant } from './Participant.js';
import { RoomState, type JoinOutcome } from './RoomState.js';
import type { RoomStore } from './RoomStore.js';

/** The embedded default: rooms in this process's memory, gone when it stops. */
export class MemoryRoomStore implements RoomStore {
  readonly #rooms = new Map<string, RoomState>();

  async join(roomId: string, participant: Participant, maxParticipants: number): Promise<JoinOutcome> {
    let room = this.#rooms.get(roomId);
    if (!room) {
      room = new RoomState(roomId);
      this.#rooms.set(roomId, room);
    }
    return room.add(participant, maxParticipants);
  }

  async leave(roomId: string, participantId: string): Promise<Participant | null> {
    const room = this.#rooms.get(roomId);
    if (!room) return null;
    const removed = room.remove(participantId);
    if (room.isEmpty) this.#rooms.delete(roomId);
    return removed;
  }

  async get(roomId: string, participantId: string): Promise<Participant | null> {
    return this.#rooms.get(roomId)?.get(participantId) ?? null;
  }

  async members(roomId: string): Promise<Participant[]> {
    return this.#rooms.get(roomId)?.members() ?? [];
  }

  async stats(): Promise<{ rooms: number; participants: number }> {
    let participants = 0;
    for (const room of this.#rooms.values()) participants += room.size;
    return { rooms: this.#rooms.size, participants };
  }
}
