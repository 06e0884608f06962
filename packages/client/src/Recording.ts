import {
  ParleyError,
  type ErrorPayload,
  RecordingSummarySchema,
  type RecordingRequest,
  type RecordingState,
  type RecordingSummary,
} from '@parley/protocol';
import { z } from 'zod';

const ListSchema = z.object({ recordings: z.array(RecordingSummarySchema) });
const ErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/**
 * Server-side recording of a room in SFU mode. Everyone sees whether the room is being
 * recorded (`active`, and the Room's `recording-state` event); the host starts and stops it and
 * lists the results, whose download links carry a ticket valid for a few minutes.
 *
 * @example
 * if (room.moderation.isHost) await room.recording.start();
 */
export class Recording {
  readonly #request: (request: RecordingRequest) => Promise<RecordingState>;
  readonly #server: () => { url: string; token: string; roomId: string } | null;
  #state: RecordingState = { active: false };

  constructor(
    request: (request: RecordingRequest) => Promise<RecordingState>,
    server: () => { url: string; token: string; roomId: string } | null,
  ) {
    this.#request = request;
    this.#server = server;
  }

  /** Whether the room is being recorded, as last told by the server. */
  get active(): boolean {
    return this.#state.active;
  }

  /** Host only; rejects with `forbidden`, or `sfu-unavailable` (recording off, or the room not on the SFU). */
  async start(): Promise<void> {
    this.update(await this.#request({ action: 'start' }));
  }

  async stop(): Promise<void> {
    this.update(await this.#request({ action: 'stop' }));
  }

  /** The room's recordings, newest first, download links made absolute. Host only. */
  async list(): Promise<RecordingSummary[]> {
    const server = this.#server();
    if (!server) throw new ParleyError('not-in-room', 'Join the room before listing its recordings.');
    const base = new URL(server.url);
    const listUrl = new URL(`/api/rooms/${encodeURIComponent(server.roomId)}/recordings`, base);
    // The session's resume token proves who asks; the server checks that they host the room now.
    const response = await fetch(listUrl, { headers: { authorization: `Bearer ${server.token}` } });
    const body: unknown = await response.json().catch(() => null);
    const error = ErrorBodySchema.safeParse(body);
    // No such route: the server has recording off (PARLEY_RECORDINGS_DIR unset, or no SFU).
    if (response.status === 404 && !error.success) {
      throw new ParleyError('sfu-unavailable', 'Recording is off on this server (PARLEY_RECORDINGS_DIR is not set).');
    }
    if (!response.ok) {
      throw error.success
        ? ParleyError.fromPayload(error.data.error as ErrorPayload)
        : new ParleyError('server-error', `The server answered ${response.status} for the recordings list.`);
    }
    const parsed = ListSchema.safeParse(body);
    if (!parsed.success) throw new ParleyError('server-error', 'The server sent a recordings list this client does not understand.');
    return parsed.data.recordings.map((recording) => ({
      ...recording,
      files: recording.files.map((file) => (file.url ? { ...file, url: new URL(file.url, base).toString() } : file)),
    }));
  }

  /** @internal the Room applies what the server says; returns whether it changed. */
  update(state: RecordingState): boolean {
    if (state.active === this.#state.active && state.id === this.#state.id) return false;
    this.#state = state;
    return true;
  }
}
