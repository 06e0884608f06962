import { z } from 'zod';
import { IceCandidateSchema, ParticipantIdSchema, SdpSchema, SessionDescriptionSchema } from './primitives.js';

/**
 * SDP and ICE relayed between two members of a room (mesh links). The server stamps who a
 * signal is from and numbers them per sender→receiver pair.
 */

/**
 * The largest session description a mesh link sends. libwebrtc's offer with audio, a camera in
 * three simulcast layers, a screen with its audio and two data channels is about 7 KB, 11 KB with
 * its candidates gathered in; 32 KiB leaves room for longer lines (Firefox) and many candidates,
 * and bounds what one signal can make the server hold. (SFU descriptions grow with the room:
 * they keep the general SDP bound.)
 */
export const MAX_MESH_SDP_BYTES = 32 * 1024;
const MeshDescriptionSchema = SessionDescriptionSchema.extend({ sdp: SdpSchema.max(MAX_MESH_SDP_BYTES) });

const exactlyOneSignal = (msg: { description?: unknown; candidate?: unknown }): boolean =>
  (msg.description === undefined) !== (msg.candidate === undefined);

/** An SDP or ICE message for one other member of the sender's room. */
export const SignalRequestSchema = z
  .strictObject({
    to: ParticipantIdSchema,
    description: MeshDescriptionSchema.optional(),
    candidate: IceCandidateSchema.optional(),
  })
  .refine(exactlyOneSignal, 'a signal carries exactly one of description or candidate');
export type SignalRequest = z.infer<typeof SignalRequestSchema>;

/** Per sender→receiver sequence number of a relayed signal, starting at 1. */
export const SignalSeqSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

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
