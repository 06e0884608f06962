import type { Grant } from '@parley/protocol';

/** A member of a room as the server knows them. */
export interface Participant {
  id: string;
  name: string;
  /** The socket.io socket that speaks for this participant (relay target). */
  socketId: string;
  joinedAt: number;
  /** What they may do: every grant unless an access token limited them. */
  grants: Grant[];
}

export function publicInfo(participant: Participant): { id: string; name: string } {
  return { id: participant.id, name: participant.name };
}
