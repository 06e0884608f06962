import { isAbsolute } from 'node:path';
import { z } from 'zod';

/**
 * Server-side recording (issue 8), off by default. Janus writes the raw .mjr files into this
 * folder and Parley post-processes and serves them from it, so both must see the same folder:
 * the same host, or one shared volume mounted at the same path.
 */
export const recordingConfigShape = {
  /** Folder for recordings (one subfolder per recording); unset, recording is off. */
  recordingsDir: z
    .string()
    .refine((dir) => isAbsolute(dir), 'must be an absolute path (Janus writes there too)')
    .optional(),
};

export const RECORDING_SETTING_NAMES = { recordingsDir: 'PARLEY_RECORDINGS_DIR' } as const;

export function readRecording(env: NodeJS.ProcessEnv): { recordingsDir: unknown } {
  const dir = env.PARLEY_RECORDINGS_DIR?.trim();
  return { recordingsDir: dir || undefined };
}
