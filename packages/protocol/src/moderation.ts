import { z } from 'zod';
import { ParticipantIdSchema as Id } from './primitives.js';
import { KnockIdSchema } from './waitingRoom.js';

/** Room access and moderation on the wire: who hosts, whether the room is locked, and the host's requests. */

/**
 * What may be done in a room, from a signed access token (or everything but `skip-waiting-room`
 * when none is used): `skip-waiting-room` enters without knocking when the host asks people to.
 */
export const GRANTS = ['join', 'publish', 'moderate', 'skip-waiting-room'] as const;
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
  /** Newcomers knock and wait until someone who may moderate lets them in. */
  waitingRoom: z.boolean(),
  /**
   * Media is end-to-end encrypted (SFrame, RFC 9605): every participant's software encrypts what
   * it sends with keys that only the participants hold, and one that cannot encrypt is kept out.
   * Absent from servers that predate it: off.
   */
  e2ee: z.boolean().optional(),
});
export type RoomStatus = z.infer<typeof RoomStatusSchema>;

/** A host's request. The server checks the sender's role for every one. */
export const ModerateRequestSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('lock'), locked: z.boolean() }),
  z.strictObject({ action: z.literal('remove'), id: Id }),
  z.strictObject({ action: z.literal('mute'), id: Id }),
  z.strictObject({ action: z.literal('make-host'), id: Id }),
  /** Lower someone's raised hand. */
  z.strictObject({ action: z.literal('lower-hand'), id: Id }),
  /** Turn the waiting room on or off (turning it off lets everyone waiting in). */
  z.strictObject({ action: z.literal('waiting-room'), enabled: z.boolean() }),
  /**
   * Turn end-to-end encryption of the room's media on or off (off lets server recording and
   * software that cannot encrypt in; on is refused while someone present cannot encrypt).
   */
  z.strictObject({ action: z.literal('e2ee'), enabled: z.boolean() }),
  /** Let one person waiting in. */
  z.strictObject({ action: z.literal('admit'), knock: KnockIdSchema }),
  /** Turn one person waiting away. */
  z.strictObject({ action: z.literal('deny'), knock: KnockIdSchema }),
  /** Let everyone waiting in. */
  z.strictObject({ action: z.literal('admit-all') }),
  /** End the meeting for everyone: the room locks and everyone else is out for good. */
  z.strictObject({ action: z.literal('end') }),
]);
export type ModerateRequest = z.infer<typeof ModerateRequestSchema>;

/** Told to one participant only: they were removed, the host ended the meeting, or the host asks them to mute. */
export const ModerationNoticeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('removed'), by: Id }),
  z.object({ kind: z.literal('ended'), by: Id }),
  z.object({ kind: z.literal('mute-requested'), by: Id }),
]);
export type ModerationNotice = z.infer<typeof ModerationNoticeSchema>;
