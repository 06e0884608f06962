import { z } from 'zod';
import { RaisedHandsSchema } from './hands.js';
import { KnockIdSchema, WaitingQueueSchema } from './waitingRoom.js';
import { BreakoutsSchema } from './breakouts.js';
import { IceServerSchema, IceTransportPolicySchema } from './ice.js';
import { GrantSchema, RoomStatusSchema } from './moderation.js';
import {
  DisplayNameSchema,
  ErrorPayloadSchema,
  ParticipantIdSchema,
  ParticipantInfoSchema,
  RoomIdSchema,
  RoomPasswordSchema,
  TokenSchema,
} from './primitives.js';
import { RoomModeSchema, SfuSessionSchema } from './sfu.js';

/** Joining and leaving a room, and what the server says about the session. */

export const JoinRequestSchema = z.strictObject({
  room: RoomIdSchema,
  name: DisplayNameSchema,
  /** Needed for a room with a password; sets it when this join creates the room. */
  password: RoomPasswordSchema.optional(),
  /** A signed access token from the app embedding Parley (room-scoped grants). */
  token: TokenSchema.optional(),
  /** The resume token of this same session: rejoin with the same participant id (peers keep their connections). */
  resume: TokenSchema.optional(),
  /** The resume token of a previous page of this tab (reload): that participant is removed at once. */
  replaces: TokenSchema.optional(),
  /** The knock the host let in (waiting room): good once, and only on the connection that knocked. */
  knock: KnockIdSchema.optional(),
  /**
   * A breakout ticket (see breakouts.ts): enters the breakout room it names, or comes back to its
   * main room in the same meeting past the password, the lock and the waiting room.
   */
  ticket: TokenSchema.optional(),
  /**
   * This participant's software encrypts and decrypts media end to end (SFrame; see RoomStatus
   * `e2ee`). Absent or false: it may not join a room whose media is end-to-end encrypted, and a
   * room it creates starts without.
   */
  encryptsMedia: z.boolean().optional(),
});
export type JoinRequest = z.infer<typeof JoinRequestSchema>;

export const LeaveRequestSchema = z.strictObject({});
export type LeaveRequest = z.infer<typeof LeaveRequestSchema>;

export const JoinSnapshotSchema = z.object({
  room: RoomIdSchema,
  self: ParticipantInfoSchema,
  participants: z.array(ParticipantInfoSchema),
  maxParticipants: z.number().int().positive(),
  iceServers: z.array(IceServerSchema),
  iceTransportPolicy: IceTransportPolicySchema.optional(),
  /** Seconds until the TURN credentials in `iceServers` expire (see IceConfigSchema). */
  iceServersTtlSeconds: z.number().int().positive().optional(),
  /** Proof of this session for rejoining after a lost connection (`resume`) or a reload (`replaces`). */
  resumeToken: TokenSchema.optional(),
  /** True when a `resume` kept the same participant id and the others were never told we left. */
  resumed: z.boolean().optional(),
  /** Host, lock and password state of the room. */
  roomStatus: RoomStatusSchema.optional(),
  /** The room's raised hands, first raised first. */
  raisedHands: RaisedHandsSchema.optional(),
  /** The queue's `rev` (see RaisedHandsEventSchema). */
  raisedHandsRev: z.number().int().nonnegative().optional(),
  /** Who is waiting to be let in: only to those who may moderate, and only while the waiting room holds someone. */
  waiting: WaitingQueueSchema.optional(),
  /** The waiting queue's `rev` (see WaitingRoomEventSchema). */
  waitingRev: z.number().int().nonnegative().optional(),
  /** The breakout rooms open now (main rooms only). */
  breakouts: BreakoutsSchema.optional(),
  /** Their `rev` (see BreakoutsEventSchema). */
  breakoutsRev: z.number().int().nonnegative().optional(),
  /** What this participant may do (all of them unless an access token limited it). */
  grants: z.array(GrantSchema).optional(),
  /** Where the room's media goes now (see `room-mode`); absent from servers without SFU support: mesh. */
  mode: RoomModeSchema.optional(),
  /**
   * After a `resume`: the SFU session the server still holds for us, now bound to this
   * connection (its connections to the SFU carry on). Absent: publish to the SFU afresh.
   */
  sfuSession: SfuSessionSchema.optional(),
});
export type JoinSnapshot = z.infer<typeof JoinSnapshotSchema>;

export const ParticipantLeftSchema = z.object({ id: ParticipantIdSchema });
export type ParticipantLeft = z.infer<typeof ParticipantLeftSchema>;

/** A fresh resume token for this session (the room's host or lock changed; see `JoinSnapshot.resumeToken`). */
export const SessionUpdateSchema = z.object({ resumeToken: TokenSchema });
export type SessionUpdate = z.infer<typeof SessionUpdateSchema>;

/** A message without an ack was refused: which event, and why. */
export const RejectedSchema = z.object({
  event: z.string().max(64),
  error: ErrorPayloadSchema,
});
export type Rejected = z.infer<typeof RejectedSchema>;

/**
 * The server is going away (restart, deploy): reconnect, possibly to another instance,
 * after about `reconnectInMs`. The server closes the connection right after.
 */
export const ServerShutdownSchema = z.object({
  reason: z.string().max(256),
  reconnectInMs: z.number().int().min(0).max(600_000),
});
export type ServerShutdown = z.infer<typeof ServerShutdownSchema>;
