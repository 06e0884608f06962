import type { RoomStatus } from '@parley/protocol';
import type { Participant } from './Participant.js';
import { RoomState, type Admission, type JoinOutcome, type RoomSetup } from './RoomState.js';
import type { RoomStore } from './RoomStore.js';

/** The embedded default: rooms in this process's memory, gone when it stops. */
export class MemoryRoomStore implements RoomStore {
  readonly #rooms = new Map<string, RoomState>();

  async join(
    roomId: string,
    participant: Participant,
    maxParticipants: number,
    admit?: Admission,
    setup?: RoomSetup,
  ): Promise<JoinOutcome> {
    const room = this.#rooms.get(roomId) ?? new RoomState(roomId);
    const outcome = room.add(participant, maxParticipants, admit, setup);
    if (outcome.ok) this.#rooms.set(roomId, room);
    return outcome;
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

  async status(roomId: string): Promise<RoomStatus | null> {
    return this.#rooms.get(roomId)?.status() ?? null;
  }

  async passwordHash(roomId: string): Promise<string | null> {
    return this.#rooms.get(roomId)?.passwordHash ?? null;
  }

  async update<T>(roomId: string, change: (room: RoomState) => T): Promise<T | null> {
    const room = this.#rooms.get(roomId);
    if (!room) return null;
    const result = change(room);
    if (room.isEmpty) this.#rooms.delete(roomId);
    return result;
  }

  async adopt(roomId: string, participantId: string): Promise<boolean> {
    return this.#rooms.get(roomId)?.get(participantId) != null;
  }

  async stats(): Promise<{ rooms: number; participants: number }> {
    let participants = 0;
    for (const room of this.#rooms.values()) participants += room.size;
    return { rooms: this.#rooms.size, participants };
  }
}
