import { z } from 'zod';
import { ParticipantIdSchema } from './primitives.js';

/** More direct links than any mesh room has (the SFU carries larger rooms, and pauses nothing). */
const MAX_PAUSED_LINKS = 64;

/**
 * What a participant is sending (mic, camera, screen share). Carried over signaling rather than
 * a peer data channel so it works the same when media goes through an SFU (no peer-to-peer
 * channel there), and so the server stamps who it is from.
 */
export const MediaStateSchema = z.strictObject({
  /** Microphone on and unmuted. */
  audio: z.boolean(),
  /** Camera on (off releases the device). */
  video: z.boolean(),
  /** Sharing a screen, window or tab. */
  screen: z.boolean(),
  /**
   * The people to whom the camera's video is paused because the direct link to them is too slow
   * for any picture (the audio carries on; see the client's peer/videoPausePolicy). Absent: none.
   */
  videoPausedTo: z.array(ParticipantIdSchema).max(MAX_PAUSED_LINKS).optional(),
  /**
   * This participant's computer is too busy for full-size video (the client's media/CpuAdaptation):
   * it sends its own smaller and asks the others to send it half-size video. Absent: not busy.
   */
  cpuBusy: z.literal(true).optional(),
});
export type MediaState = z.infer<typeof MediaStateSchema>;

/** Announce your media state to the room, or with `to` to one member (a newcomer). */
export const MediaStateRequestSchema = MediaStateSchema.extend({ to: ParticipantIdSchema.optional() });
export type MediaStateRequest = z.infer<typeof MediaStateRequestSchema>;

/** A relayed media state; `from` is stamped by the server. */
export const MediaStateMessageSchema = MediaStateSchema.extend({ from: ParticipantIdSchema });
export type MediaStateMessage = z.infer<typeof MediaStateMessageSchema>;
