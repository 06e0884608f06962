import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { RecordingFileNameSchema, RecordingIdSchema, RecordingProgressSchema, ParleyError } from '@parley/protocol';
import { z } from 'zod';

/** What Parley keeps beside Janus's files in each recording's folder (`manifest.json`). */
const ManifestSchema = z.object({
  id: RecordingIdSchema,
  room: z.string().min(1).max(64),
  /** The meeting (room incarnation) it belongs to; absent in manifests written before meetings: the operator's only. */
  meeting: z.string().max(64).optional(),
  /** The participant who started it. */
  startedBy: z.string().max(64).optional(),
  startedAt: z.number().int(),
  stoppedAt: z.number().int().nullable(),
  state: RecordingProgressSchema,
  /** Where Janus records it, so any node can stop it (absent in manifests written before this). */
  janus: z.object({ url: z.string(), janusRoom: z.number().int() }).optional(),
  /** Janus feed id → the participant's display name, for naming the files. */
  feeds: z.record(z.string(), z.string().max(64)),
  /** One entry per .mjr Janus wrote, once post-processing started. */
  outputs: z.array(
    z.object({
      source: RecordingFileNameSchema,
      name: RecordingFileNameSchema,
      kind: z.enum(['audio', 'video']),
      feed: z.string().nullable(),
      state: RecordingProgressSchema,
    }),
  ),
});
export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestOutput = Manifest['outputs'][number];

const MANIFEST = 'manifest.json';
/** Marks a recording whose finishing one node has taken on (see claimFinish). */
const FINISHING = 'finishing.lock';

/**
 * The recordings folder: one subfolder per recording, named by its unguessable id, holding
 * Janus's .mjr files, the converted .webm/.opus files and the manifest. Every path handed out
 * is checked to stay inside its recording's folder, whatever the name (defence in depth on
 * top of the zod checks of ids and names).
 */
export class RecordingFiles {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** An unguessable id for a new recording (128 bits). */
  static newId(): string {
    return randomBytes(16).toString('base64url');
  }

  /** A new recording folder; Janus (maybe another user on the same host) writes into it. */
  async create(
    id: string,
    of: { room: string; meeting: string; startedBy: string },
    now: number,
    janus: { url: string; janusRoom: number },
  ): Promise<Manifest> {
    await mkdir(this.folderOf(id), { recursive: true, mode: 0o770 });
    const manifest: Manifest = { id, ...of, startedAt: now, stoppedAt: null, state: 'recording', janus, feeds: {}, outputs: [] };
    await this.save(manifest);
    return manifest;
  }

  /**
   * Takes the right to finish a recording (stop it in Janus, convert it): true for exactly one
   * caller across every node sharing the folder, by creating a marker file exclusively.
   */
  async claimFinish(id: string): Promise<boolean> {
    try {
      await writeFile(inside(this.folderOf(id), FINISHING), `${process.pid}\n`, { flag: 'wx' });
      return true;
    } catch {
      return false;
    }
  }

  folderOf(id: string): string {
    const parsed = RecordingIdSchema.safeParse(id);
    if (!parsed.success) throw recordingNotFound();
    return inside(this.root, parsed.data);
  }

  /** A file of a recording, resolved inside its folder; throws `recording-not-found` for anything else. */
  fileOf(id: string, name: string): string {
    const parsed = RecordingFileNameSchema.safeParse(name);
    if (!parsed.success || name === MANIFEST || name === FINISHING) throw recordingNotFound();
    return inside(this.folderOf(id), parsed.data);
  }

  /** Written to a temporary name and renamed, so a reader never sees half a manifest. */
  async save(manifest: Manifest): Promise<void> {
    const path = inside(this.folderOf(manifest.id), MANIFEST);
    const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, JSON.stringify(manifest));
    await rename(temporary, path);
  }

  async load(id: string): Promise<Manifest | null> {
    try {
      const parsed = ManifestSchema.safeParse(JSON.parse(await readFile(inside(this.folderOf(id), MANIFEST), 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** The finishing node is alive: its marker's time is now (see takeOverFinish). */
  async touchFinish(id: string, now: number): Promise<void> {
    const at = new Date(now);
    await utimes(inside(this.folderOf(id), FINISHING), at, at).catch(() => undefined);
  }

  /**
   * Takes over finishing a recording whose finisher went silent (its marker not touched for
   * `staleMs`: that node crashed mid-conversion). The stale marker is renamed away first, which
   * only one caller can do; true for that caller alone.
   */
  async takeOverFinish(id: string, staleMs: number, now: number): Promise<boolean> {
    const marker = inside(this.folderOf(id), FINISHING);
    const touched = await stat(marker).then(
      (info) => info.mtimeMs,
      () => null,
    );
    if (touched === null) return this.claimFinish(id);
    if (now - touched < staleMs) return false;
    const aside = `${marker}.${randomBytes(4).toString('hex')}.stale`;
    try {
      await rename(marker, aside);
    } catch {
      return false;
    }
    await unlink(aside).catch(() => undefined);
    return this.claimFinish(id);
  }

  /**
   * Recordings of `room`, newest first (folders without a readable manifest are skipped): of one
   * meeting (what its host may see), or of every meeting ever held under that id (the operator).
   */
  async ofRoom(room: string, meeting: string | null = null): Promise<Manifest[]> {
    return (await this.all())
      .filter((manifest) => manifest.room === room && (meeting === null || manifest.meeting === meeting))
      .sort((a, b) => b.startedAt - a.startedAt);
  }

  /** Every recording in the folder. */
  async all(): Promise<Manifest[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    const manifests = await Promise.all(
      entries
        .filter((entry) => entry.isDirectory() && RecordingIdSchema.safeParse(entry.name).success)
        .map((entry) => this.load(entry.name)),
    );
    return manifests.filter((manifest): manifest is Manifest => manifest !== null);
  }

  /** The .mjr files Janus wrote for a recording. */
  async sources(id: string): Promise<string[]> {
    const names = await readdir(this.folderOf(id)).catch(() => []);
    return names.filter((name) => name.endsWith('.mjr') && RecordingFileNameSchema.safeParse(name).success).sort();
  }

  /** Size of a file, 0 when it is missing. */
  async sizeOf(id: string, name: string): Promise<number> {
    return stat(this.fileOf(id, name)).then(
      (info) => info.size,
      () => 0,
    );
  }
}

function inside(folder: string, name: string): string {
  const path = resolve(folder, name);
  const rel = relative(folder, path);
  if (rel === '' || rel.startsWith('..') || rel.includes(sep)) throw recordingNotFound();
  return path;
}

export function recordingNotFound(): ParleyError {
  return new ParleyError('recording-not-found', 'No such recording or file. It may have been removed; reload the list.');
}

/** A clean file name for a participant's track (names are people's; ids keep them apart). */
export function outputName(display: string | null, feed: string | null, kind: 'audio' | 'video', index: number): string {
  const person =
    (display ?? `feed-${feed ?? 'unknown'}`)
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'participant';
  return `${person}-${kind}-${index}.${kind === 'video' ? 'webm' : 'opus'}`;
}
