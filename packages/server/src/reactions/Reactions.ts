import { ParleyError, type Reaction } from '@parley/protocol';
import type { ParleySocket } from '../io/types.js';
import { roomChannel } from '../io/types.js';
import { TokenBucket } from '../limits/TokenBucket.js';
import type { Member } from '../membership/Membership.js';

/** A burst of reactions is fine (a round of applause); a stream of them drowns the call. */
const BURST = 5;
const PER_SECOND = 1;

/**
 * Reactions: a member's emoji to everyone else in the room, over signaling (the room channel,
 * so every node's members get it). Rate-limited per participant here, on the node that serves
 * their connection; a participant's bucket goes when they leave.
 */
export class Reactions {
  readonly #buckets = new Map<string, TokenBucket>();

  async send(socket: ParleySocket, member: Member, reaction: Reaction): Promise<null> {
    let bucket = this.#buckets.get(member.participantId);
    if (!bucket) {
      bucket = new TokenBucket(PER_SECOND, BURST);
      this.#buckets.set(member.participantId, bucket);
    }
    if (!bucket.take()) throw new ParleyError('rate-limited', 'Too many reactions at once: wait a moment.');
    socket.to(roomChannel(member.roomId)).emit('reaction', { from: member.participantId, reaction });
    return null;
  }

  forget(participantId: string): void {
    this.#buckets.delete(participantId);
  }
}
