import { timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { refuse, route } from '../../http/route.js';
import { ParleyError, type RecordingSummary } from '@parley/protocol';
import type { ResumeTokens } from '../../auth/resumeTokens.js';
import type { RoomStore } from '../../rooms/RoomStore.js';
import type { DownloadTickets } from './downloadTickets.js';
import { mayModerate } from '../../access/mayModerate.js';
import { recordingNotFound, type Manifest, type RecordingFiles } from './RecordingFiles.js';

export interface RecordingRoutesDeps {
  files: RecordingFiles;
  tickets: DownloadTickets;
  resume: ResumeTokens;
  store: RoomStore;
  /** PARLEY_OPERATOR_TOKEN, when set: it lists every meeting's recordings. */
  operatorToken: string | null;
}

/**
 * Recordings over HTTP. They belong to the meeting they were made in, not to the room id, which
 * anyone may open again later:
 * - `GET /api/rooms/:room/recordings` with `Authorization: Bearer <resume token>` (the session
 *   token every participant holds): allowed while its holder is in the room and hosts it (or
 *   holds `moderate`); lists the recordings of the current meeting, with download links. With
 *   the operator's token instead: every recording ever made under that room id.
 * - `GET /api/recordings/:id/files/:name?ticket=…`: one file, with the link's short-lived ticket.
 * Ids and names are checked by zod and resolved inside the recording's folder (RecordingFiles).
 */
export function registerRecordingRoutes(app: FastifyInstance, deps: RecordingRoutesDeps): void {
  route(app, 'recordings', async ({ params, raw }, reply) => {
    const { room } = params;
    const token = /^Bearer ([\w.-]{1,4096})$/.exec(raw.headers.authorization ?? '')?.[1];
    if (token !== undefined && deps.operatorToken !== null && sameSecret(token, deps.operatorToken)) {
      return { recordings: await Promise.all((await deps.files.ofRoom(room)).map((manifest) => summarize(deps, manifest))) };
    }
    const claims = token ? await deps.resume.verify(token) : null;
    if (!claims || claims.room !== room) {
      return refuse(reply, 401, new ParleyError('token-invalid', 'Join the room as its host to see its recordings.'));
    }
    const now = await deps.store.update(room, (state) => ({ meeting: state.meeting, hostId: state.hostId, member: state.get(claims.sub) }));
    if (!now?.member || now.meeting !== claims.meeting || !mayModerate(now.hostId, now.member.id, now.member.grants)) {
      return refuse(reply, 403, new ParleyError('forbidden', 'Only the host of this room can see its recordings.'));
    }
    const recordings = await Promise.all((await deps.files.ofRoom(room, now.meeting)).map((manifest) => summarize(deps, manifest)));
    return { recordings };
  });

  route(app, 'recordingFile', async ({ params, query }, reply) => {
    const { id, name } = params;
    if (query.ticket === undefined || !deps.tickets.valid(id, query.ticket)) {
      return refuse(
        reply,
        403,
        new ParleyError('forbidden', 'This download link has expired. Open the recordings list again for a fresh one.'),
      );
    }
    const manifest = await deps.files.load(id);
    const output = manifest?.outputs.find((candidate) => candidate.name === name && candidate.state === 'ready');
    if (!output) return refuse(reply, 404, recordingNotFound());
    const path = deps.files.fileOf(id, output.name);
    reply
      .header('content-type', output.kind === 'video' ? 'video/webm' : 'audio/ogg')
      .header('content-length', await deps.files.sizeOf(id, output.name))
      .header('content-disposition', `attachment; filename="${output.name}"`);
    return reply.send(createReadStream(path));
  });
}

async function summarize(deps: RecordingRoutesDeps, manifest: Manifest): Promise<RecordingSummary> {
  const ticket = manifest.outputs.some((output) => output.state === 'ready') ? deps.tickets.issue(manifest.id) : null;
  const files = await Promise.all(
    manifest.outputs.map(async (output) => ({
      name: output.name,
      kind: output.kind,
      participant: output.feed ? (manifest.feeds[output.feed] ?? null) : null,
      state: output.state,
      bytes: output.state === 'ready' ? await deps.files.sizeOf(manifest.id, output.name) : 0,
      ...(output.state === 'ready' && ticket
        ? { url: `/api/recordings/${manifest.id}/files/${encodeURIComponent(output.name)}?ticket=${ticket}` }
        : {}),
    })),
  );
  return {
    id: manifest.id,
    startedAt: manifest.startedAt,
    stoppedAt: manifest.stoppedAt,
    state: manifest.state,
    participants: [...new Set(Object.values(manifest.feeds))],
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    files,
  };
}

/** Compares secrets in constant time (no early exit that a timing attack could read). */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
