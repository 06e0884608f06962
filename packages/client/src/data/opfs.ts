import type { FileSink, IncomingStorage, PartialRecord } from './storage.js';
import { randomId } from './secrets.js';
import type { SourceHasher } from './sourceHash.js';

/** The folder of the origin private file system that holds incoming files and their records. */
const DIR = 'parley-incoming';
/** Unfinished transfers older than this are deleted on the next start. */
const KEEP_PARTIAL_MS = 24 * 60 * 60 * 1000;
/** Largest file the disk storage takes (browsers' storage quota applies on top). */
export const DISK_STORAGE_LIMIT = 64 * 1024 ** 3;
/** Received frames are handed to the file worker in batches of about this many bytes. */
const WRITE_BATCH_BYTES = 1024 * 1024;
const WRITE_BATCH_MS = 20;

type Reply =
  | { op: 'opened'; id: string; offset: number }
  | { op: 'persisted'; id: string; offset: number }
  | { op: 'finished'; id: string; sha256: string }
  | { op: 'aborted'; id: string }
  | { op: 'digest'; id: string; sha256: string }
  | { op: 'error'; id: string; message: string };

/** True where incoming files can stream to disk: OPFS and module workers (current Chrome, Edge, Firefox, Safari). */
export function diskStorageAvailable(): boolean {
  return typeof Worker !== 'undefined' && typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function';
}

/** The page's file worker (fileWorker.ts), started on first use. */
class FileWorker {
  #worker: Worker | null = null;
  readonly #waiting = new Map<string, Array<(reply: Reply) => void>>();
  readonly #persisted = new Map<string, (offset: number) => void>();
  readonly #failed = new Map<string, (message: string) => void>();

  post(message: Record<string, unknown>, transfer: Transferable[] = []): void {
    this.#get().postMessage(message, transfer);
  }

  /** Posts a request and resolves with the next reply for the same id (or rejects on its error). */
  request(message: Record<string, unknown> & { id: string }, transfer: Transferable[] = []): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const list = this.#waiting.get(message.id) ?? [];
      list.push((reply) => (reply.op === 'error' ? reject(new Error(reply.message)) : resolve(reply)));
      this.#waiting.set(message.id, list);
      this.post(message, transfer);
    });
  }

  track(id: string, onPersisted: (offset: number) => void, onError: (message: string) => void): void {
    this.#persisted.set(id, onPersisted);
    this.#failed.set(id, onError);
  }

  untrack(id: string): void {
    this.#persisted.delete(id);
    this.#failed.delete(id);
  }

  #get(): Worker {
    if (!this.#worker) {
      this.#worker = new Worker(new URL('./fileWorker.js', import.meta.url), { type: 'module', name: 'parley-files' });
      this.#worker.onmessage = (event: MessageEvent<Reply>) => this.#onReply(event.data);
    }
    return this.#worker;
  }

  #onReply(reply: Reply): void {
    if (reply.op === 'persisted') {
      this.#persisted.get(reply.id)?.(reply.offset);
      return;
    }
    const list = this.#waiting.get(reply.id);
    const next = list?.shift();
    if (list && list.length === 0) this.#waiting.delete(reply.id);
    if (next) next(reply);
    else if (reply.op === 'error') this.#failed.get(reply.id)?.(reply.message);
  }
}

let shared: FileWorker | null = null;
function fileWorker(): FileWorker {
  shared ??= new FileWorker();
  return shared;
}

/** Hashes an outgoing file in the file worker from the slices the send loop feeds it (see sourceHash.ts). */
export class WorkerSourceHasher implements SourceHasher {
  readonly #id = `src-${randomId(9)}`;

  feed(offset: number, data: ArrayBuffer): void {
    fileWorker().post({ op: 'src-feed', id: this.#id, offset, buffer: data }, [data]);
  }

  async finish(blob: Blob): Promise<string> {
    const reply = await fileWorker().request({ op: 'src-finish', id: this.#id, blob });
    if (reply.op !== 'digest') throw new Error(`unexpected ${reply.op}`);
    return reply.sha256;
  }
}

/**
 * Incoming files stream to the origin private file system through the file worker: memory stays
 * bounded whatever the size, and a reload finds the bytes and the record to resume from.
 * A finished file is handed out as a disk-backed File (`getFile()`), saved with a download.
 */
export class OpfsStorage implements IncomingStorage {
  readonly kind = 'disk' as const;
  readonly maxBytes = DISK_STORAGE_LIMIT;

  async create(record: PartialRecord): Promise<FileSink> {
    await writeRecord(record);
    return this.#open(record, false);
  }

  async restore(): Promise<Array<{ record: PartialRecord; sink: FileSink }>> {
    const dir = await directory();
    const names: string[] = [];
    for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
    const records: PartialRecord[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const record = await readRecord(dir, name);
      if (record && Date.now() - record.createdAt < KEEP_PARTIAL_MS && names.includes(`${record.id}.part`)) records.push(record);
      else await dir.removeEntry(name).catch(() => undefined);
    }
    // Bytes without a record are finished or abandoned transfers of an earlier page.
    const kept = new Set(records.map((r) => `${r.id}.part`));
    for (const name of names.filter((n) => n.endsWith('.part') && !kept.has(n))) {
      await dir.removeEntry(name).catch(() => undefined);
    }
    const out: Array<{ record: PartialRecord; sink: FileSink }> = [];
    for (const record of records) {
      try {
        out.push({ record, sink: await this.#open(record, true) });
      } catch {
        // Locked by another tab of this browser, or unreadable: that tab (or nobody) resumes it.
      }
    }
    return out;
  }

  async forget(id: string): Promise<void> {
    const dir = await directory();
    await dir.removeEntry(`${id}.json`).catch(() => undefined);
  }

  async #open(record: PartialRecord, resume: boolean): Promise<FileSink> {
    const worker = fileWorker();
    const reply = await worker.request({ op: 'open', id: record.id, dir: DIR, name: `${record.id}.part`, resume });
    if (reply.op !== 'opened') throw new Error(`unexpected ${reply.op}`);
    return new OpfsSink(worker, record.id, reply.offset);
  }
}

class OpfsSink implements FileSink {
  onPersisted: ((offset: number) => void) | null = null;
  #persisted: number;
  #error: string | null = null;
  #finished: Promise<string> | null = null;
  readonly #batch: Array<{ offset: number; buffer: ArrayBuffer; start: number }> = [];
  #batchBytes = 0;
  #flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly worker: FileWorker,
    private readonly id: string,
    offset: number,
  ) {
    this.#persisted = offset;
    worker.track(
      id,
      (persisted) => {
        this.#persisted = persisted;
        this.onPersisted?.(persisted);
      },
      (message) => (this.#error = message),
    );
  }

  get persisted(): number {
    return this.#persisted;
  }

  write(offset: number, frame: ArrayBuffer, dataStart: number): void {
    if (this.#error) throw new Error(this.#error);
    this.#batch.push({ offset, buffer: frame, start: dataStart });
    this.#batchBytes += frame.byteLength - dataStart;
    if (this.#batchBytes >= WRITE_BATCH_BYTES) this.#flush();
    else this.#flushTimer ??= setTimeout(() => this.#flush(), WRITE_BATCH_MS);
  }

  /**
   * Frames go to the worker a few at a time: one message (and one `persisted` reply) per batch
   * instead of per frame, which is most of what the page's thread does for a transfer. A batch
   * leaves once it holds WRITE_BATCH_BYTES, or WRITE_BATCH_MS after its first frame when the
   * stream pauses (finish() sends the last one at once).
   */
  #flush(): void {
    if (this.#flushTimer !== null) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    if (this.#batch.length === 0) return;
    const writes = this.#batch.splice(0);
    this.#batchBytes = 0;
    this.worker.post(
      { op: 'write', id: this.id, writes },
      writes.map((w) => w.buffer),
    );
  }

  #drop(): void {
    if (this.#flushTimer !== null) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    this.#batch.length = 0;
    this.#batchBytes = 0;
  }

  finish(): Promise<string> {
    this.#flush();
    this.#finished ??= this.worker.request({ op: 'finish', id: this.id }).then((reply) => {
      this.worker.untrack(this.id);
      if (reply.op !== 'finished') throw new Error(this.#error ?? `unexpected ${reply.op}`);
      return reply.sha256;
    });
    return this.#finished;
  }

  async file(type: string): Promise<Blob> {
    const dir = await directory();
    const file = await (await dir.getFileHandle(`${this.id}.part`)).getFile();
    return file.slice(0, file.size, type);
  }

  async abort(): Promise<void> {
    this.#drop();
    this.worker.untrack(this.id);
    await this.worker.request({ op: 'abort', id: this.id, dir: DIR, name: `${this.id}.part` }).catch(() => undefined);
    const dir = await directory();
    await dir.removeEntry(`${this.id}.json`).catch(() => undefined);
  }

  release(): void {
    // Frames not yet written are dropped: the resume continues from the last persisted byte.
    this.#drop();
    this.worker.untrack(this.id);
    this.worker.post({ op: 'release', id: this.id });
  }
}

async function directory(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(DIR, { create: true });
}

async function writeRecord(record: PartialRecord): Promise<void> {
  const dir = await directory();
  const handle = await dir.getFileHandle(`${record.id}.json`, { create: true });
  const writable = await handle.createWritable();
  await writable.write(JSON.stringify(record));
  await writable.close();
}

async function readRecord(dir: FileSystemDirectoryHandle, name: string): Promise<PartialRecord | null> {
  try {
    const text = await (await (await dir.getFileHandle(name)).getFile()).text();
    const value = JSON.parse(text) as Partial<PartialRecord>;
    if (
      typeof value.id === 'string' &&
      typeof value.name === 'string' &&
      typeof value.size === 'number' &&
      typeof value.type === 'string' &&
      typeof value.key === 'string' &&
      typeof value.from === 'string' &&
      typeof value.createdAt === 'number'
    ) {
      return value as PartialRecord;
    }
  } catch {
    // unreadable: dropped below
  }
  return null;
}
