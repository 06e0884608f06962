import type { RoomStatus } from '@parley/protocol';
import type { ResumeTokens } from '../auth/resumeTokens.js';
import { roomChannel, type ParleyServerIo } from '../io/types.js';
import type { Participant } from '../rooms/Participant.js';
import type { RoomRecord } from '../rooms/RoomState.js';
import type { RoomStore } from '../rooms/RoomStore.js';

/**
 * Resume tokens of the members of a room: issued at every join, and re-issued to everyone
 * whenever the room's host, lock or removals change, so that a server started afresh can
 * restore the room as it was from the newest token its members bring back.
 */
export class Sessions {
  readonly #io: ParleyServerIo;
  readonly #store: RoomStore;
  readonly #resume: ResumeTokens;

  constructor(options: { io: ParleyServerIo; store: RoomStore; resume: ResumeTokens }) {
    this.#io = options.io;
    this.#store = options.store;
    this.#resume = options.resume;
  }

  /** A participant's resume token for one meeting: who they are, what they may do, and the room as it is now. */
  tokenFor(roomId: string, participant: Participant, record: RoomRecord): string {
    return this.#resume.issue({
      room: roomId,
      sub: participant.id,
      name: participant.name,
      joinedAt: participant.joinedAt,
      grants: participant.grants,
      mayHost: participant.mayHost,
      ...record,
      ...(participant.accessExpiresAt ? { accessExpiresAt: participant.accessExpiresAt } : {}),
    });
  }

  /** The room's host, lock or removals changed: everyone hears its status, with a fresh token that records it. */
  async announce(roomId: string): Promise<RoomStatus | null> {
    const now = await this.#store.update(roomId, (room) => ({ status: room.status(), record: room.record(), members: room.members() }));
    if (!now) return null;
    this.#io.to(roomChannel(roomId)).emit('room-status', now.status);
    for (const member of now.members) {
      this.#io.to(member.socketId).emit('session', { resumeToken: this.tokenFor(roomId, member, now.record) });
    }
    return now.status;
  }
}
