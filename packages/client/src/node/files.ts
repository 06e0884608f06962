import { constants, openAsBlob } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';

/** A file could not be opened for sending; `path` is the one the person typed. */
export class FileOpenError extends Error {
  override readonly name = 'FileOpenError';
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A file on disk as a `File` whose bytes are read from disk slice by slice when sent
 * (`fs.openAsBlob`): sending a 10 GB file never holds it in memory. The name is its base name.
 *
 * @example
 * room.files.offer([await openFileForSending('talk.mp4')]);
 */
export async function openFileForSending(path: string): Promise<File> {
  const full = resolve(path);
  let info;
  try {
    info = await stat(full);
    await access(full, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new FileOpenError(path, `Cannot read ${path}: ${why}.`, { cause: error });
  }
  if (!info.isFile())
    throw new FileOpenError(path, `Cannot send ${path}: it is ${info.isDirectory() ? 'a folder' : 'not a regular file'}; give files.`);
  const blob = await openAsBlob(full);
  return new File([blob], basename(full));
}
