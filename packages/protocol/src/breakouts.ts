import { z } from 'zod';
import { DisplayNameSchema, ParticipantIdSchema, RoomIdSchema, TokenSchema } from './primitives.js';

/**
 * Breakout rooms: the host splits a meeting into smaller rooms for a while, then brings
 * everyone back. Each breakout room is a real room (its own mesh or SFU by its own size) with an
 * id the server mints; a signed ticket lets its people in, and back into the main room past its
 * password, lock and waiting room.
 */

/** The most breakout rooms one meeting opens at once. */
export const MAX_BREAKOUT_ROOMS = 20;
/** The longest timer a host may set, in minutes. */
export const MAX_BREAKOUT_MINUTES = 240;

/** Breakout room ids: minted by the server, unguessable, and entered only with a ticket. */
export const BREAKOUT_ROOM_ID_PATTERN = /^brk_[A-Za-z0-9_-]{22}$/;
export function isBreakoutRoomId(roomId: string): boolean {
  return BREAKOUT_ROOM_ID_PATTERN.test(roomId);
}

export const BreakoutNameSchema = z.string().trim().min(1, 'a breakout room needs a name').max(40);

/** One breakout room as everyone in the main room sees it: who the host sent there (their main-room ids and names). */
export const BreakoutRoomSchema = z.object({
  id: RoomIdSchema,
  name: BreakoutNameSchema,
  members: z.array(z.object({ id: ParticipantIdSchema, name: DisplayNameSchema })).max(1_000),
});
export type BreakoutRoom = z.infer<typeof BreakoutRoomSchema>;

/** The breakout rooms open now; `endsAt`: when everyone is brought back (ms since the epoch), or null for no timer. */
export const BreakoutsSchema = z.object({
  rooms: z.array(BreakoutRoomSchema).min(1).max(MAX_BREAKOUT_ROOMS),
  endsAt: z.number().int().positive().nullable(),
});
export type Breakouts = z.infer<typeof BreakoutsSchema>;

/** The host's requests (the server checks the sender may moderate, and that this is a main room). */
export const BreakoutsRequestSchema = z.discriminatedUnion('action', [
  /** Open the rooms: each with the people to send there. Someone in no room stays in the main room. */
  z.strictObject({
    action: z.literal('open'),
    rooms: z
      .array(z.strictObject({ name: BreakoutNameSchema, members: z.array(ParticipantIdSchema).max(1_000) }))
      .min(1)
      .max(MAX_BREAKOUT_ROOMS),
    /** Bring everyone back after this many minutes; null: only when the host says so. */
    minutes: z.number().int().min(1).max(MAX_BREAKOUT_MINUTES).nullable(),
  }),
  /** Bring everyone back to the main room. */
  z.strictObject({ action: z.literal('close') }),
  /** Say something to every breakout room and the main room at once. */
  z.strictObject({ action: z.literal('message'), text: z.string().trim().min(1).max(500) }),
]);
export type BreakoutsRequest = z.infer<typeof BreakoutsRequestSchema>;

/** To everyone in the main room, whenever the breakout rooms open or close (`rev` as for raised hands). */
export const BreakoutsEventSchema = z.object({
  breakouts: BreakoutsSchema.nullable(),
  rev: z.number().int().nonnegative(),
});
export type BreakoutsEvent = z.infer<typeof BreakoutsEventSchema>;

/** To one person the host sends to a breakout room: where, and the ticket that lets them in (and back). */
export const BreakoutAssignmentSchema = z.object({
  room: RoomIdSchema,
  name: BreakoutNameSchema,
  ticket: TokenSchema,
  endsAt: z.number().int().positive().nullable(),
});
export type BreakoutAssignment = z.infer<typeof BreakoutAssignmentSchema>;

/** The host's word to every room (sent to the main room and each breakout room). */
export const BreakoutMessageSchema = z.object({ text: z.string().min(1).max(500), from: DisplayNameSchema });
export type BreakoutMessage = z.infer<typeof BreakoutMessageSchema>;

/** To everyone in a breakout room: the host closed the rooms (or their time ran out): go back to the main room now. */
export const BreakoutsClosedSchema = z.object({});
