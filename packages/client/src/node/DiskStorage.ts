import { createReadStream, openAsBlob } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, rm, rmdir, statfs, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createSha256, type Sha256 } from '../data/hash.js';
import { sanitizeFileName } from '../data/sanitize.js';
import type { FileSink, IncomingStorage, PartialRecord } from '../data/storage.js';
import { readPartialRecord } from './partialRecord.js';
import { uniqueNames } from './uniqueNames.js';

/** The hidden folder, inside the output folder, that holds unfinished files and their records. */
export const PARTIAL_DIR = '.parley-partial';
/** Unfinished transfers older than this are deleted on the next start (as in the browser). */
const KEEP_PARTIAL_MS = 24 * 60 * 60 * 1000;
/** Largest file taken; the free space of the disk is checked on accept as well. */
export const NODE_DISK_STORAGE_LIMIT = 2 ** 50;

export interface DiskStorageOptions {
  /** Where finished files go; unfinished ones wait in `<dir>/.parley-partial/`. */
  dir: string;
  maxBytes?: number;
}

/**
 * Incoming files written straight to disk, for Node (the CLI): the same role as OPFS in a
 * browser. Each accepted transfer is `<id>.part` (the bytes, in order) beside `<id>.json` (its
 * record, with the resume secret); memory holds only what the sender's flow-control window
 * lets through (see FileTransfers: at most 8 MiB past the last acknowledgement). After a crash
 * or Ctrl-C, `restore()` re-hashes each stored prefix and the transfer resumes from its end.
 *
 * @example
 * const storage = new DiskStorage({ dir: 'Downloads' });
 * const room = new Room({ ..., webrtc, files: { storage } });
 * room.files.on('update', async (t) => t.state === 'done' && console.log(await storage.keep(t.id, t.name)));
 */
export class DiskStorage implements IncomingStorage {
  readonly kind = 'disk' as const;
  readonly maxBytes: number;
  readonly dir: string;
  readonly partialDir: string;

  constructor(options: DiskStorageOptions) {
    this.dir = options.dir;
    this.partialDir = join(options.dir, PARTIAL_DIR);
    this.maxBytes = options.maxBytes ?? NODE_DISK_STORAGE_LIMIT;
  }

  /** Path of the bytes of a transfer (unfinished, or finished and not yet kept). */
  partPath(id: string): string {
    return join(this.partialDir, `${safeId(id)}.part`);
  }

  async create(record: PartialRecord): Promise<FileSink> {
    await mkdir(this.partialDir, { recursive: true });
    const space = await statfs(this.partialDir);
    if (space.bavail * space.bsize < record.size) {
      throw new Error(`Not enough free space in ${this.dir} for ${record.name} (${record.size} bytes).`);
    }
    // Record first, atomically: bytes without a record are treated as abandoned.
    const recordPath = this.#recordPath(record.id);
    await writeFile(`${recordPath}.tmp`, JSON.stringify(record), { mode: 0o600 });
    await rename(`${recordPath}.tmp`, recordPath);
    await this.#lock(record.id);
    const handle = await open(this.partPath(record.id), 'w');
    return new DiskSink(this, record.id, handle, await createSha256(), 0);
  }

  async restore(): Promise<Array<{ record: PartialRecord; sink: FileSink }>> {
    let names: string[];
    try {
      names = await readdir(this.partialDir);
    } catch {
      return []; // nothing was ever received here
    }
    const out: Array<{ record: PartialRecord; sink: FileSink }> = [];
    const kept = new Set<string>();
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const path = join(this.partialDir, name);
      const record = readPartialRecord(await readFile(path, 'utf8').catch(() => ''));
      const part = record ? `${safeId(record.id)}.part` : '';
      if (!record || Date.now() - record.createdAt > KEEP_PARTIAL_MS || !names.includes(part) || `${safeId(record.id)}.json` !== name) {
        await rm(path, { force: true });
        continue;
      }
      kept.add(part);
      // Another receiver running in this folder has it: leave it to that one.
      if (!(await this.#lock(record.id))) continue;
      out.push({ record, sink: await this.#reopen(record) });
    }
    // Bytes without a record belong to transfers that ended (failed, cancelled, or finished and
    // kept), unless another live receiver holds them (finished, about to be kept).
    for (const name of names.filter((n) => n.endsWith('.part') && !kept.has(n))) {
      const id = name.slice(0, -'.part'.length);
      if (await this.#lock(id)) await this.remove(id);
    }
    return out;
  }

  async forget(id: string): Promise<void> {
    await rm(this.#recordPath(id), { force: true });
  }

  /**
   * Moves a finished file from the partial folder to the output folder under its sanitised
   * name, never replacing a file already there ("name (1).ext" instead). Returns the path.
   */
  async keep(id: string, name: string): Promise<string> {
    const from = this.partPath(id);
    for (const candidate of uniqueNames(sanitizeFileName(name))) {
      const to = join(this.dir, candidate);
      try {
        // link() fails with EEXIST instead of replacing: no check-then-write race.
        await link(from, to);
        await unlink(from);
        await this.unlock(id);
        await rmdir(this.partialDir).catch(() => undefined); // only when nothing else waits there
        return to;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
    }
    throw new Error(`No free name for ${name} in ${this.dir}.`);
  }

  /** Deletes a transfer's bytes and record. */
  async remove(id: string): Promise<void> {
    await rm(this.partPath(id), { force: true });
    await this.forget(id);
    await this.unlock(id);
  }

  /** Lets another receiver in this folder take the transfer (see #lock). */
  async unlock(id: string): Promise<void> {
    await rm(this.#lockPath(id), { force: true });
  }

  /**
   * Claims a transfer for this process (`<id>.lock` holding our pid, created exclusively), so two
   * receivers started in one folder never append to the same file. A lock whose process is gone
   * (killed, crashed) is taken over. False when a live process holds it.
   */
  async #lock(id: string): Promise<boolean> {
    const path = this.#lockPath(id);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(path, String(process.pid), { flag: 'wx', mode: 0o600 });
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = Number(await readFile(path, 'utf8').catch(() => ''));
      if (holder === process.pid) return true;
      if (Number.isSafeInteger(holder) && holder > 0 && processAlive(holder)) return false;
      await rm(path, { force: true });
    }
    return false;
  }

  #lockPath(id: string): string {
    return join(this.partialDir, `${safeId(id)}.lock`);
  }

  async #reopen(record: PartialRecord): Promise<FileSink> {
    const path = this.partPath(record.id);
    const hasher = await createSha256();
    let size = 0;
    // Re-hash what is stored, in the stream's 64 KiB pieces: memory stays bounded.
    for await (const chunk of createReadStream(path)) {
      hasher.update(chunk as Buffer);
      size += (chunk as Buffer).byteLength;
    }
    const handle = await open(path, 'a');
    return new DiskSink(this, record.id, handle, hasher, size);
  }

  #recordPath(id: string): string {
    return join(this.partialDir, `${safeId(id)}.json`);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only checks that the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Transfer ids come from the other side: only base64url characters reach a path. */
function safeId(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new Error(`refusing transfer id ${JSON.stringify(id)}`);
  return id;
}

/** Appends in order through one chain of writes; `persisted` counts bytes written and hashed. */
class DiskSink implements FileSink {
  onPersisted: ((offset: number) => void) | null = null;
  #persisted: number;
  /** Bytes accepted by write(), persisted or still queued. */
  #queued: number;
  #chain: Promise<void> = Promise.resolve();
  #error: Error | null = null;
  #digest: string | null = null;
  #closed = false;

  constructor(
    private readonly storage: DiskStorage,
    private readonly id: string,
    private readonly handle: FileHandle,
    private readonly hasher: Sha256,
    offset: number,
  ) {
    this.#persisted = offset;
    this.#queued = offset;
  }

  get persisted(): number {
    return this.#persisted;
  }

  write(offset: number, frame: ArrayBuffer, dataStart: number): void {
    if (this.#error) throw this.#error;
    if (offset !== this.#queued) throw new Error(`write at ${offset}, expected ${this.#queued}`);
    // The frame is handed over by FileTransfers: keep a view, no copy.
    const data = new Uint8Array(frame, dataStart);
    this.#queued += data.byteLength;
    this.#chain = this.#chain.then(async () => {
      if (this.#error) return;
      try {
        for (let done = 0; done < data.byteLength;) {
          const { bytesWritten } = await this.handle.write(data, done, data.byteLength - done);
          done += bytesWritten;
        }
      } catch (error) {
        this.#error = error as Error;
        return;
      }
      this.hasher.update(data);
      this.#persisted += data.byteLength;
      this.onPersisted?.(this.#persisted);
    });
  }

  async finish(): Promise<string> {
    await this.#chain;
    if (this.#error) throw this.#error;
    if (this.#digest === null) {
      this.#digest = this.hasher.digestHex();
      await this.#close();
    }
    return this.#digest;
  }

  async file(type: string): Promise<Blob> {
    return openAsBlob(this.storage.partPath(this.id), { type });
  }

  async abort(): Promise<void> {
    this.onPersisted = null;
    await this.#chain;
    await this.#close();
    await this.storage.remove(this.id);
  }

  release(): void {
    this.onPersisted = null;
    void this.#chain.then(() => this.#close()).then(() => this.storage.unlock(this.id));
  }

  async #close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.handle.close().catch(() => undefined);
  }
}
