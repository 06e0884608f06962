import { z } from 'zod';
import { ERROR_CODES } from './errors.js';

/**
 * The building blocks every message is made of: ids, names, tokens, SDP and ICE candidates.
 * They live apart from the messages so that every schema file imports them from one place.
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

/** An access token (JWT, compact form) or a resume token: opaque to the client. */
export const TokenSchema = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^[A-Za-z0-9_.-]+$/, 'not a token');

/** Room password as typed by the creator or a guest (bounded: it is hashed with scrypt). */
export const RoomPasswordSchema = z.string().min(1, 'password is empty').max(256, 'password is longer than 256 characters');

export const ErrorPayloadSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string().max(1000),
  details: z.record(z.string().max(64), z.union([z.string().max(256), z.number()])).optional(),
});

/** Acknowledgement of a request: a result or the reason it failed. */
export type Ack<T> = { ok: true; value: T } | { ok: false; error: z.infer<typeof ErrorPayloadSchema> };

/** An SDP body (RFC 8866); bounded so one message cannot hold the server's memory. */
export const SdpSchema = z.string().max(60_000);

/** W3C webrtc-pc §4.8.1 RTCSessionDescriptionInit, limited to what is exchanged. */
export const SessionDescriptionSchema = z.strictObject({
  type: z.enum(['offer', 'answer']),
  sdp: SdpSchema,
});
export type SessionDescription = z.infer<typeof SessionDescriptionSchema>;
export const OfferSchema = z.strictObject({ type: z.literal('offer'), sdp: SdpSchema });
export const AnswerSchema = z.strictObject({ type: z.literal('answer'), sdp: SdpSchema });

/** W3C webrtc-pc §4.8.2 RTCIceCandidateInit. */
export const IceCandidateSchema = z.strictObject({
  candidate: z.string().max(1024),
  sdpMid: z.string().max(64).nullish(),
  sdpMLineIndex: z.number().int().min(0).max(1024).nullish(),
  usernameFragment: z.string().max(256).nullish(),
});
export type IceCandidate = z.infer<typeof IceCandidateSchema>;
