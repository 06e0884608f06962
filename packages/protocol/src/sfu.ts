import { z } from 'zod';
import { AnswerSchema, IceCandidateSchema, OfferSchema, ParticipantIdSchema as ParticipantId } from './primitives.js';

/**
 * SFU mode: a room past the mesh threshold moves its media to Janus. Browsers never
 * talk to Janus's API: the Parley server drives it and relays SDP and ICE candidates with these
 * messages; media flows browser ⇄ Janus.
 */

/** Where a room's media goes: peer to peer (`mesh`) or through the SFU (`sfu`). */
export const RoomModeSchema = z.enum(['mesh', 'sfu']);
export type RoomMode = z.infer<typeof RoomModeSchema>;

/** Server → everyone in a room: the room changed mode (also in the join snapshot). */
export const RoomModeEventSchema = z.strictObject({ mode: RoomModeSchema });
export type RoomModeEvent = z.infer<typeof RoomModeEventSchema>;

/** What a published or subscribed m-line carries; the same four slots as a mesh link. */
export const SfuSlotSchema = z.enum(['mic', 'camera', 'screen-audio', 'screen-video']);
export type SfuSlot = z.infer<typeof SfuSlotSchema>;

/** Which of a participant's two SFU connections a candidate belongs to. */
export const SfuConnectionSchema = z.enum(['publisher', 'subscriber']);
export type SfuConnection = z.infer<typeof SfuConnectionSchema>;

/**
 * Which of a client's SFU sessions a message belongs to: the client numbers each start of SFU
 * mode (1, 2, …) and names it when publishing; the server stamps that number on everything the
 * session sends back. After a start-over, what the replaced session still had in flight (an
 * offer, candidates, a reset) reaches the client stamped with the old number and is ignored
 * instead of being applied to the new connections.
 */
export const SfuSessionSchema = z
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1);
export type SfuSession = z.infer<typeof SfuSessionSchema>;

/** Client → server: publish to the SFU, opening SFU session `session`. The ack carries Janus's answer. */
export const SfuPublishRequestSchema = z.strictObject({
  session: SfuSessionSchema,
  offer: OfferSchema,
  /** What each m-line of the offer carries, so subscribers can tell camera from screen. */
  slots: z.array(z.strictObject({ mid: z.string().max(16), slot: SfuSlotSchema })).max(8),
});
export type SfuPublishRequest = z.infer<typeof SfuPublishRequestSchema>;

export const SfuAnswerSchema = AnswerSchema;
export type SfuAnswer = z.infer<typeof SfuAnswerSchema>;

/**
 * Client → server: restart ICE on one SFU connection whose network path was lost (webrtc-pc
 * §4.4.1.6), keeping the Janus session, the feed and the participant id.
 * - `publisher`: the client's offer with new ICE credentials, given to Janus as a VideoRoom
 *   `configure` on the existing publisher handle; the ack carries Janus's answer.
 * - `subscriber`: Janus makes the offers there. The server asks it for one with new credentials
 *   (`configure` with `restart: true`), relays it as `sfu-offer`, and acks (`answer: null`)
 *   once the client's answer reached Janus.
 * Refused with `sfu-session-lost` when the server holds no SFU session for the caller any more
 * (publish and subscribe afresh then).
 */
export const SfuRestartRequestSchema = z.discriminatedUnion('connection', [
  z.strictObject({ connection: z.literal('publisher'), offer: OfferSchema }),
  z.strictObject({ connection: z.literal('subscriber') }),
]);
export type SfuRestartRequest = z.infer<typeof SfuRestartRequestSchema>;
export const SfuRestartResultSchema = z.strictObject({ answer: SfuAnswerSchema.nullable() });
export type SfuRestartResult = z.infer<typeof SfuRestartResultSchema>;

/** An ICE candidate of one SFU connection, either way; `null` ends the candidates (RFC 8838 §4.4). */
export const SfuCandidateSchema = z.strictObject({
  connection: SfuConnectionSchema,
  candidate: IceCandidateSchema.nullable(),
});
export type SfuCandidate = z.infer<typeof SfuCandidateSchema>;
/** Server → client: one of the SFU's candidates, for a connection of SFU session `session`. */
export const SfuCandidateEventSchema = z.strictObject({ ...SfuCandidateSchema.shape, session: SfuSessionSchema });
export type SfuCandidateEvent = z.infer<typeof SfuCandidateEventSchema>;

/** One m-line of the subscriber connection: whose media, and which slot. */
export const SfuStreamSchema = z.strictObject({
  mid: z.string().max(16),
  participant: ParticipantId,
  slot: SfuSlotSchema,
});
export type SfuStream = z.infer<typeof SfuStreamSchema>;

/**
 * Server → client: a new offer for the subscriber connection (someone started or stopped
 * publishing). The client answers in the ack; `streams` maps every m-line to whose it is.
 */
export const SfuOfferSchema = z.strictObject({
  session: SfuSessionSchema,
  offer: OfferSchema,
  streams: z.array(SfuStreamSchema).max(1024),
});
export type SfuOffer = z.infer<typeof SfuOfferSchema>;

/**
 * Client → server: which simulcast layer (0 low … 2 high) to receive on one subscribed video
 * m-line, e.g. by tile size (Janus VideoRoom `configure` with `substream`).
 */
export const SfuLayerRequestSchema = z.strictObject({
  mid: z.string().max(16),
  substream: z.number().int().min(0).max(2),
});
export type SfuLayerRequest = z.infer<typeof SfuLayerRequestSchema>;

/**
 * Client → server → one participant: "my tiles of you now play from the SFU". The receiver then
 * stops sending its media on the mesh link to the sender (make before break: see the client's
 * sfu/SfuMode.ts). `from` is stamped by the server.
 */
export const SfuReadyRequestSchema = z.strictObject({ to: ParticipantId });
export type SfuReadyRequest = z.infer<typeof SfuReadyRequestSchema>;
export const SfuReadyMessageSchema = z.strictObject({ from: ParticipantId });
export type SfuReadyMessage = z.infer<typeof SfuReadyMessageSchema>;

/**
 * Server → one participant: their SFU session failed on the server's side (a subscriber offer
 * went unanswered, or the media server refused a step) and was closed. Publish and subscribe
 * afresh; everything else of the call (mesh links, chat) is untouched.
 */
export const SfuResetSchema = z.strictObject({ session: SfuSessionSchema, reason: z.string().max(300) });
export type SfuReset = z.infer<typeof SfuResetSchema>;
