import { access, constants } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ResumeTokens } from '../../auth/resumeTokens.js';
import type { RoomStore } from '../../rooms/RoomStore.js';
import type { ParleyServerIo } from '../../io/types.js';
import type { JanusPool } from '../JanusPool.js';
import { DownloadTickets } from './downloadTickets.js';
import { JANUS_PP_REC } from './postProcess.js';
import { registerRecordingRoutes } from './httpRoutes.js';
import { RecordingFiles } from './RecordingFiles.js';
import { RoomRecorder } from './RoomRecorder.js';

/** Recording on (PARLEY_RECORDINGS_DIR with SFU mode): the recorder for signaling, and its HTTP routes. */
export function setUpRecording(
  app: FastifyInstance,
  deps: {
    dir: string;
    pool: JanusPool;
    store: RoomStore;
    io: ParleyServerIo;
    log: Logger;
    secret: Buffer;
    resume: ResumeTokens;
    operatorToken: string | null;
  },
): RoomRecorder {
  const files = new RecordingFiles(deps.dir);
  const log = deps.log.child({ component: 'recording' });
  // Said at start rather than at the first Stop: without janus-pp-rec every conversion fails.
  void access(JANUS_PP_REC, constants.X_OK).catch(() =>
    log.warn({ tool: JANUS_PP_REC }, 'janus-pp-rec not found: recordings will be kept as .mjr but not converted (install janus-tools)'),
  );
  registerRecordingRoutes(app, {
    files,
    tickets: new DownloadTickets(deps.secret),
    resume: deps.resume,
    store: deps.store,
    operatorToken: deps.operatorToken,
  });
  const recorder = new RoomRecorder({ pool: deps.pool, store: deps.store, io: deps.io, log, files });
  // A recording a crash left running (or unconverted) is finished now, not at the first sweep.
  void recorder.sweep();
  return recorder;
}
