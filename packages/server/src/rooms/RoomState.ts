import type { Participant } from './Participant.js';

export type JoinOutcome = { ok: true; others: Participant[] } | { ok: false; reason: 'room-full'; max: number };

/** Membership of one room, in join order. Pure logic, no I/O. */
export class RoomState {
  readonly id: string;
  readonly #members = new Map<string, Participant>();

  constructor(id: string) {
    this.id = id;
  }

  get size(): number {
    return this.#members.size;
  }

  get isEmpty(): boolean {
    return this.#members.size === 0;
  }

  add(participant: Participant, maxParticipants: number): JoinOutcome {
    if (this.#members.size >= maxParticipants) return { ok: false, reason: 'room-full', max: maxParticipants };
    const others = [...this.#members.values()];
    this.#members.set(participant.id, participant);
    return { ok: true, others };
  }

  remove(participantId: string): Participant | null {
    const participant = this.#members.get(participantId) ?? null;
    this.#members.delete(participantId);
    return participant;
  }

  get(participantId: string): Participant | null {
    return this.#members.get(participantId) ?? null;
  }

  members(): Participant[] {
    return [...this.#members.values()];
  }
}
