import { z } from 'zod';
import { DisplayNameSchema } from './primitives.js';

/**
 * The waiting room ("ask to join"): when the host turns it on, a newcomer's join becomes a knock
 * that the host answers. The server keeps the knocks with the room, so a host on any node, or
 * after a reload, sees the same people waiting.
 */

/** One knock: random, and good only on the connection that knocked. */
export const KnockIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'invalid knock id');

/** Someone waiting to be let in, as the host sees them (when the server saw the knock: ms since the epoch). */
export const WaitingPersonSchema = z.object({ knock: KnockIdSchema, name: DisplayNameSchema, at: z.number().int().nonnegative() });
export type WaitingPerson = z.infer<typeof WaitingPersonSchema>;

/** The people waiting, first come first. */
export const WaitingQueueSchema = z.array(WaitingPersonSchema).max(1_000);

/** To those who may let people in (the host, a token's `moderate`): who is waiting now, whenever it changes. */
export const WaitingRoomEventSchema = z.object({
  queue: WaitingQueueSchema,
  /** Counts the queue's changes: events relayed between nodes can overtake each other, so a client keeps the highest. */
  rev: z.number().int().nonnegative(),
});
export type WaitingRoomEvent = z.infer<typeof WaitingRoomEventSchema>;

/**
 * To the one knocking: the host's answer. `admitted`: join again with this knock. `denied`: not
 * now (a new knock from the same place is refused for a while). `reopened`: everyone left, the
 * meeting is over; join again (you start a new one).
 */
export const AdmissionEventSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('admitted'), knock: KnockIdSchema }),
  z.object({ outcome: z.literal('denied'), knock: KnockIdSchema }),
  z.object({ outcome: z.literal('reopened') }),
]);
export type AdmissionEvent = z.infer<typeof AdmissionEventSchema>;
