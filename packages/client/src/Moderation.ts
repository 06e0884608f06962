import type { ModerateRequest, RoomStatus } from '@parley/protocol';

/**
 * The host's controls of a room. Every request is checked by the server (host, or a token's
 * `moderate` grant); a refusal rejects with ParleyError `forbidden`.
 *
 * @example
 * if (room.moderation.isHost) await room.moderation.remove(participant.id);
 */
export class Moderation {
  readonly #request: (request: ModerateRequest) => Promise<unknown>;
  readonly #selfId: () => string | null;
  #status: RoomStatus = { hostId: null, locked: false, passwordProtected: false, waitingRoom: false };

  constructor(request: (request: ModerateRequest) => Promise<unknown>, selfId: () => string | null) {
    this.#request = request;
    this.#selfId = selfId;
  }

  /** Host, lock and password of the room as last told by the server. */
  get status(): RoomStatus {
    return this.#status;
  }

  get isHost(): boolean {
    const self = this.#selfId();
    return self !== null && this.#status.hostId === self;
  }

  /** Lock (nobody new may join) or unlock the room. */
  async lock(locked: boolean): Promise<void> {
    await this.#request({ action: 'lock', locked });
  }

  /**
   * Turn end-to-end encryption of the room's media on or off. Off lets server recording and
   * software that cannot encrypt in; on is refused (`e2ee-unsupported`) while such software is present.
   */
  async setE2ee(enabled: boolean): Promise<void> {
    await this.#request({ action: 'e2ee', enabled });
  }

  /** Remove someone: they are told so and their session cannot come back. */
  async remove(participantId: string): Promise<void> {
    await this.#request({ action: 'remove', id: participantId });
  }

  /** Ask someone to mute: their client mutes its microphone and tells them who asked. */
  async askToMute(participantId: string): Promise<void> {
    await this.#request({ action: 'mute', id: participantId });
  }

  /** Hand the host role to someone else. */
  async makeHost(participantId: string): Promise<void> {
    await this.#request({ action: 'make-host', id: participantId });
  }

  /** Lower someone's raised hand (your own: `room.hands.lower()`). */
  async lowerHand(participantId: string): Promise<void> {
    await this.#request({ action: 'lower-hand', id: participantId });
  }

  /**
   * End the meeting for everyone: the room locks and everyone else is removed, told that the host
   * ended it (their Room ends with `meeting-ended`). Then leave: `room.leave()`.
   */
  async endForEveryone(): Promise<void> {
    await this.#request({ action: 'end' });
  }

  /** @internal the Room applies what the server says. */
  update(status: RoomStatus): void {
    this.#status = status;
  }
}
