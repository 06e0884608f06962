import type { Grant } from '@parley/protocol';

/** A member of a room as the server knows them. */
export interface Participant {
  id: string;
  name: string;
  /** The socket.io socket that speaks for this participant (relay target). */
  socketId: string;
  joinedAt: number;
  /**
   * What they may do. Without access tokens: join and publish (moderating comes with being
   * host). With one: its grants, `moderate` making them a co-host.
   */
  grants: Grant[];
  /** May become host: anyone without access tokens; with them, only holders of `moderate`. */
  mayHost: boolean;
  /** When the access token that admitted them expires (seconds since the epoch), if one did. */
  accessExpiresAt?: number;
  /** Their software encrypts media end to end (their join said so): only such members may be in an encrypted room. */
  encryptsMedia: boolean;
}

export function publicInfo(participant: Participant): { id: string; name: string } {
  return { id: participant.id, name: participant.name };
}
