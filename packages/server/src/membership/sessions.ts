import type { RoomStatus } from '@parley/protocol';
import type { ResumeTokens } from '../auth/resumeTokens.js';
import { roomChannel, type ParleyServerIo } from '../io/types.js';
import type { Participant } from '../rooms/Participant.js';
import type { RoomStore } from '../rooms/RoomStore.js';

/**
 * Resume tokens of the members of a room: issued at every join, and re-issued to everyone
 * whenever the room's host or lock changes, so that a server started afresh can restore the
 * room as it was from the tokens its members bring back.
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

  /** A participant's resume token: their identity and grants, whether they host, the lock and the password hash. */
  tokenFor(roomId: string, participant: Participant, status: RoomStatus, passwordHash: string | null): string {
    return this.#resume.issue({
      room: roomId,
      sub: participant.id,
      name: participant.name,
      joinedAt: participant.joinedAt,
      grants: participant.grants,
      mayHost: participant.mayHost,
      host: status.hostId === participant.id,
      locked: status.locked,
      ...(passwordHash ? { pw: passwordHash } : {}),
    });
  }

  /** The room's host or lock changed: everyone hears it, with a fresh token that says so. */
  async announce(roomId: string): Promise<RoomStatus | null> {
    const status = await this.#store.status(roomId);
    if (!status) return null;
    this.#io.to(roomChannel(roomId)).emit('room-status', status);
    const passwordHash = await this.#store.passwordHash(roomId);
    for (const member of await this.#store.members(roomId)) {
      this.#io.to(member.socketId).emit('session', { resumeToken: this.tokenFor(roomId, member, status, passwordHash) });
    }
    return status;
  }
}
