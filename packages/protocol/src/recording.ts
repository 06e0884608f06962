import { z } from 'zod';

/**
 * Server-side recording of a room in SFU mode: the host starts and stops it over
 * signaling, everyone hears `recording-state`, and the host lists and downloads the results
 * over HTTP (see the server's sfu/recording/).
 */

/** A recording's id: 16 random bytes, base64url (unguessable, and safe as a folder name). */
export const RecordingIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'invalid recording id');
export type RecordingId = z.infer<typeof RecordingIdSchema>;

/** A file of a recording: a plain name inside its folder, never a path (no slash, no leading dot). */
export const RecordingFileNameSchema = z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/, 'invalid file name');

/** Client → server (host only): start or stop recording the room. */
export const RecordingRequestSchema = z.strictObject({ action: z.enum(['start', 'stop']) });
export type RecordingRequest = z.infer<typeof RecordingRequestSchema>;

/** Server → everyone in the room (and in the ack): whether the room is being recorded now. */
export const RecordingStateSchema = z.strictObject({
  active: z.boolean(),
  /** The recording under way (absent when none is). */
  id: RecordingIdSchema.optional(),
});
export type RecordingState = z.infer<typeof RecordingStateSchema>;

/** recording: Janus writes; processing: janus-pp-rec converts; ready / failed: done. */
export const RecordingProgressSchema = z.enum(['recording', 'processing', 'ready', 'failed']);
export type RecordingProgress = z.infer<typeof RecordingProgressSchema>;

export const RecordingFileSchema = z.strictObject({
  name: RecordingFileNameSchema,
  kind: z.enum(['audio', 'video']),
  /** The participant's display name when the recording was made (null when Janus's feed was never matched). */
  participant: z.string().max(64).nullable(),
  state: RecordingProgressSchema,
  bytes: z.number().int().nonnegative(),
  /** Download link with a short-lived ticket (present when the file is ready). */
  url: z.string().max(1024).optional(),
});
export type RecordingFile = z.infer<typeof RecordingFileSchema>;

/** One recording of a room as the host's list shows it (`GET /api/rooms/:room/recordings`). */
export const RecordingSummarySchema = z.strictObject({
  id: RecordingIdSchema,
  startedAt: z.number().int(),
  stoppedAt: z.number().int().nullable(),
  state: RecordingProgressSchema,
  participants: z.array(z.string().max(64)).max(1024),
  bytes: z.number().int().nonnegative(),
  files: z.array(RecordingFileSchema).max(4096),
});
export type RecordingSummary = z.infer<typeof RecordingSummarySchema>;
