import { z } from 'zod';

/**
 * Room access and moderation on the wire: who hosts, whether the room is locked, and the
 * host's requests. Participant ids are repeated here (not imported) to keep this file
 * free of a cycle with messages.ts.
 */
const Id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'invalid participant id');

/** What may be done in a room, from a signed access token (or everything when none is used). */
export const GRANTS = ['join', 'publish', 'moderate'] as const;
export type Grant = (typeof GRANTS)[number];
export const GrantSchema = z.enum(GRANTS);

/** The room's shared state, sent in the join snapshot and to everyone whenever it changes. */
export const RoomStatusSchema = z.object({
  /** The host: the creator, whoever they handed the role to, or the longest present after they left. */
  hostId: Id.nullable(),
  /** Locked: nobody new may join (those present, and sessions resuming, stay). */
  locked: z.boolean(),
  /** A password is needed to join. */
  passwordProtected: z.boolean(),
});
export type RoomStatus = z.infer<typeof RoomStatusSchema>;

/** A host's request. The server checks the sender's role for every one. */
export const ModerateRequestSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('lock'), locked: z.boolean() }),
  z.strictObject({ action: z.literal('remove'), id: Id }),
  z.strictObject({ action: z.literal('mute'), id: Id }),
  z.strictObject({ action: z.literal('make-host'), id: Id }),
]);
export type ModerateRequest = z.infer<typeof ModerateRequestSchema>;

/** Told to one participant only: they were removed, or the host asks them to mute. */
export const ModerationNoticeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('removed'), by: Id }),
  z.object({ kind: z.literal('mute-requested'), by: Id }),
]);
export type ModerationNotice = z.infer<typeof ModerationNoticeSchema>;

/** Room password as typed by the creator or a guest (bounded: it is hashed with scrypt). */
export const RoomPasswordSchema = z.string().min(1, 'password is empty').max(256, 'password is longer than 256 characters');

/** An access token (JWT, compact form) or a resume token: opaque to the client. */
export const TokenSchema = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^[A-Za-z0-9_.-]+$/, 'not a token');
