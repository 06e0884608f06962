import { z } from 'zod';
import { ParticipantIdSchema } from './primitives.js';

/** Reactions: a few named emoji a member sends to the room, shown briefly over their tile. */

/** By name on the wire (each app draws and words them in its own language). */
export const REACTIONS = ['thumbs-up', 'clap', 'laugh', 'surprised', 'heart', 'party'] as const;
export type Reaction = (typeof REACTIONS)[number];
export const ReactionSchema = z.enum(REACTIONS);

/** Send a reaction to everyone else in the room (rate-limited per person: `rate-limited` past it). */
export const ReactionRequestSchema = z.strictObject({ reaction: ReactionSchema });
export type ReactionRequest = z.infer<typeof ReactionRequestSchema>;

/** Someone in the room reacted. */
export const ReactionEventSchema = z.object({ from: ParticipantIdSchema, reaction: ReactionSchema });
export type ReactionEvent = z.infer<typeof ReactionEventSchema>;
