import { z } from 'zod';
import { ERROR_CODES } from './errors.js';
import { GrantSchema, ModerateRequestSchema, RoomPasswordSchema, RoomStatusSchema, TokenSchema } from './moderation.js';
import { RecordingRequestSchema } from './recording.js';
import {
  RoomModeSchema,
  SfuCandidateSchema,
  SfuLayerRequestSchema,
  SfuPublishRequestSchema,
  SfuReadyRequestSchema,
  SfuRestartRequestSchema,
} from './sfu.js';

/**
 * The wire contract. One zod schema per signaling message; the server validates every
 * incoming payload with these and the client validates every relayed one.
 */

/** Largest signaling message the server accepts, in bytes of its JSON encoding. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Room ids as they appear in `/r/<room>` links. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const RoomIdSchema = z.string().regex(ROOM_ID_PATTERN, 'room must be 1-64 characters of A-Z a-z 0-9 _ -');

/** Participant ids are minted by the server (random, URL-safe). */
export const ParticipantIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'invalid participant id');

// Control characters and bidi overrides could spoof how a name reads next to others.
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
export const DisplayNameSchema = z
  .string()
  .trim()
  .min(1, 'name is empty')
  .max(64, 'name is longer than 64 characters')
  .refine((name) => !UNSAFE_NAME_CHARS.test(name), 'name contains control characters');

export const ParticipantInfoSchema = z.object({
  id: ParticipantIdSchema,
  name: DisplayNameSchema,
});
export type ParticipantInfo = z.infer<typeof ParticipantInfoSchema>;

export const ErrorPayloadSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string().max(1000),
  details: z.record(z.string().max(64), z.union([z.string().max(256), z.number()])).optional(),
});

export const IceServerSchema = z.object({
  urls: z.union([z.string().max(512), z.array(z.string().max(512)).max(16)]),
  username: z.string().max(512).optional(),
  credential: z.string().max(512).optional(),
});
export type IceServer = z.infer<typeof IceServerSchema>;

/** RTCConfiguration.iceTransportPolicy: `relay` hides every address but the TURN server's (RFC 8828 mode 4). */
export const IceTransportPolicySchema = z.enum(['all', 'relay']);
export type IceTransportPolicy = z.infer<typeof IceTransportPolicySchema>;

/**
 * ICE servers for one participant. TURN credentials in them expire (TURN REST API), so
 * `ttlSeconds` says how long they last: the client asks for fresh ones before that.
 */
export const IceConfigSchema = z.object({
  iceServers: z.array(IceServerSchema).max(16),
  iceTransportPolicy: IceTransportPolicySchema,
  ttlSeconds: z.number().int().positive().optional(),
});
export type IceConfig = z.infer<typeof IceConfigSchema>;

/** W3C webrtc-pc §4.8.1 RTCSessionDescriptionInit, limited to what is exchanged. */
export const SessionDescriptionSchema = z.strictObject({
  type: z.enum(['offer', 'answer']),
  sdp: z.string().max(60_000),
});
export type SessionDescription = z.infer<typeof SessionDescriptionSchema>;

/** W3C webrtc-pc §4.8.2 RTCIceCandidateInit. */
export const IceCandidateSchema = z.strictObject({
  candidate: z.string().max(1024),
  sdpMid: z.string().max(64).nullish(),
  sdpMLineIndex: z.number().int().min(0).max(1024).nullish(),
  usernameFragment: z.string().max(256).nullish(),
});
export type IceCandidate = z.infer<typeof IceCandidateSchema>;

const exactlyOneSignal = (msg: { description?: unknown; candidate?: unknown }): boolean =>
  (msg.description === undefined) !== (msg.candidate === undefined);

// ---- client → server ----

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
});
export type JoinRequest = z.infer<typeof JoinRequestSchema>;

export const LeaveRequestSchema = z.strictObject({});
export type LeaveRequest = z.infer<typeof LeaveRequestSchema>;

/** Ask for fresh ICE servers (new TURN credentials) before the current ones expire. */
export const RefreshIceServersRequestSchema = z.strictObject({});
export type RefreshIceServersRequest = z.infer<typeof RefreshIceServersRequestSchema>;

/** An SDP or ICE message for one other member of the sender's room. */
export const SignalRequestSchema = z
  .strictObject({
    to: ParticipantIdSchema,
    description: SessionDescriptionSchema.optional(),
    candidate: IceCandidateSchema.optional(),
  })
  .refine(exactlyOneSignal, 'a signal carries exactly one of description or candidate');
export type SignalRequest = z.infer<typeof SignalRequestSchema>;

// ---- media state (mute, camera off, screen share), relayed like signals ----

/**
 * What a participant is sending. Carried over signaling rather than a peer data channel so it
 * works the same when media goes through an SFU (no peer-to-peer channel there), and so the server
 * stamps who it is from.
 */
export const MediaStateSchema = z.strictObject({
  /** Microphone on and unmuted. */
  audio: z.boolean(),
  /** Camera on (off releases the device). */
  video: z.boolean(),
  /** Sharing a screen, window or tab. */
  screen: z.boolean(),
});
export type MediaState = z.infer<typeof MediaStateSchema>;

/** Announce your media state to the room, or with `to` to one member (a newcomer). */
export const MediaStateRequestSchema = MediaStateSchema.extend({ to: ParticipantIdSchema.optional() });
export type MediaStateRequest = z.infer<typeof MediaStateRequestSchema>;

/** A relayed media state; `from` is stamped by the server. */
export const MediaStateMessageSchema = MediaStateSchema.extend({ from: ParticipantIdSchema });
export type MediaStateMessage = z.infer<typeof MediaStateMessageSchema>;

// ---- server → client ----

/** Per sender→receiver sequence number of a relayed signal, starting at 1. */
export const SignalSeqSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

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
  /** What this participant may do (all of them unless an access token limited it). */
  grants: z.array(GrantSchema).optional(),
  /** Where the room's media goes now (see `room-mode`); absent from servers without SFU support: mesh. */
  mode: RoomModeSchema.optional(),
});
export type JoinSnapshot = z.infer<typeof JoinSnapshotSchema>;

/**
 * A relayed signal. `from` is stamped by the server from the sender's socket, and `seq`
 * counts the signals from that sender to this receiver (1, 2, 3…) so the receiver detects
 * a lost or duplicated message instead of guessing.
 */
export const SignalMessageSchema = z
  .strictObject({
    from: ParticipantIdSchema,
    seq: SignalSeqSchema,
    description: SessionDescriptionSchema.optional(),
    candidate: IceCandidateSchema.optional(),
  })
  .refine(exactlyOneSignal, 'a signal carries exactly one of description or candidate');
export type SignalMessage = z.infer<typeof SignalMessageSchema>;

export const ParticipantLeftSchema = z.object({ id: ParticipantIdSchema });
export type ParticipantLeft = z.infer<typeof ParticipantLeftSchema>;

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

/** Acknowledgement of a request: a result or the reason it failed. */
export type Ack<T> = { ok: true; value: T } | { ok: false; error: z.infer<typeof ErrorPayloadSchema> };

/** Schemas for every client → server event, keyed by event name (the server's validator table). */
export const clientMessageSchemas = {
  join: JoinRequestSchema,
  leave: LeaveRequestSchema,
  signal: SignalRequestSchema,
  'media-state': MediaStateRequestSchema,
  'refresh-ice-servers': RefreshIceServersRequestSchema,
  moderate: ModerateRequestSchema,
  'sfu-publish': SfuPublishRequestSchema,
  'sfu-candidate': SfuCandidateSchema,
  'sfu-restart': SfuRestartRequestSchema,
  'sfu-layer': SfuLayerRequestSchema,
  'sfu-ready': SfuReadyRequestSchema,
  recording: RecordingRequestSchema,
} as const;
export type ClientEventName = keyof typeof clientMessageSchemas;
