import { z } from 'zod';
import { ParticipantIdSchema } from './primitives.js';

/** Raised hands: an ordered queue the server keeps per room, the same on every screen. */

/** One raised hand: who, and when the server saw it go up (ms since the epoch, the server's clock). */
export const RaisedHandSchema = z.object({ id: ParticipantIdSchema, at: z.number().int().nonnegative() });
export type RaisedHand = z.infer<typeof RaisedHandSchema>;

/** The queue, first raised first; at most one entry per member. */
export const RaisedHandsSchema = z.array(RaisedHandSchema).max(1_000);

/** Raise or lower your own hand. */
export const HandRequestSchema = z.strictObject({ raised: z.boolean() });
export type HandRequest = z.infer<typeof HandRequestSchema>;

/** The room's queue, to everyone in it, whenever it changes (a departure lowers a hand silently: drop it then). */
export const RaisedHandsEventSchema = z.object({
  queue: RaisedHandsSchema,
  /**
   * Counts the room's changes of the queue: events relayed between nodes can arrive out of order,
   * so a client keeps the queue with the highest `rev` it has seen (the join snapshot starts it).
   */
  rev: z.number().int().nonnegative(),
});
export type RaisedHandsEvent = z.infer<typeof RaisedHandsEventSchema>;
