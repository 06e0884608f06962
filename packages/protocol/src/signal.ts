import { z } from 'zod';
import { IceCandidateSchema, ParticipantIdSchema, SessionDescriptionSchema } from './primitives.js';

/**
 * SDP and ICE relayed between two members of a room (mesh links). The server stamps who a
 * signal is from and numbers them per sender→receiver pair.
 */

const exactlyOneSignal = (msg: { description?: unknown; candidate?: unknown }): boolean =>
  (msg.description === undefined) !== (msg.candidate === undefined);

/** An SDP or ICE message for one other member of the sender's room. */
export const SignalRequestSchema = z
  .strictObject({
    to: ParticipantIdSchema,
    description: SessionDescriptionSchema.optional(),
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
