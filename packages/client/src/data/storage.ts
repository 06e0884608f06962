import { createSha256, type Sha256 } from './hash.js';

/** What a receiver remembers about an accepted transfer, so it can resume after a reload. */
export interface PartialRecord {
  id: string;
  /** Sanitised name. */
  name: string;
  size: number;
  type: string;
  /** Per-transfer secret for resume proofs (never leaves this link's two ends). */
  key: string;
  /** Display name of the sender when accepted. */
  from: string;
  createdAt: number;
}

/**
 * Where a receiver puts the bytes of one file, in order, hashing as it goes. `persisted` only
 * counts bytes that are both stored and hashed: it is the offset a resume continues from.
 */
export interface FileSink {
  readonly persisted: number;
  /** Called as `persisted` grows. */
  onPersisted: ((offset: number) => void) | null;
  /** Appends the payload `frame[dataStart..]`, which must start at `offset` (== bytes written so far). */
  write(offset: number, frame: ArrayBuffer, dataStart: number): void;
  /** Waits for every write, returns the SHA-256 (hex) of the whole file. */
  finish(): Promise<string>;
  /** The received file, after finish(). */
  file(type: string): Promise<Blob>;
  /** Deletes what was received. */
  abort(): Promise<void>;
  /** Lets go of the file without deleting it (the page is leaving; a reload resumes it). */
  release(): void;
}

/** Storage of incoming files: OPFS in browsers (see opfs.ts), memory elsewhere. */
export interface IncomingStorage {
  readonly kind: 'disk' | 'memory';
  /** Largest file it can take, in bytes. */
  readonly maxBytes: number;
  /** A sink for a newly accepted transfer; the record is kept until remove(). */
  create(record: PartialRecord): Promise<FileSink>;
  /** Transfers accepted before a reload and not finished, with their sinks reopened (stored prefix re-hashed). */
  restore(): Promise<Array<{ record: PartialRecord; sink: FileSink }>>;
  /** Forgets a transfer's record: it will not be resumed (its bytes go with abort() or the next restore()). */
  forget(id: string): Promise<void>;
}

/** The fallback: files kept in memory, up to a limit. */
export const MEMORY_STORAGE_LIMIT = 1024 * 1024 * 1024;

/**
 * Keeps received files in memory (browsers without OPFS, and Node). Records and bytes outlive a
 * FileTransfers instance when the same storage object is passed to the next one, which is how
 * the tests simulate a reload.
 */
export class MemoryStorage implements IncomingStorage {
  readonly kind = 'memory' as const;
  readonly maxBytes: number;
  readonly #records = new Map<string, PartialRecord>();
  readonly #parts = new Map<string, Uint8Array[]>();

  constructor(maxBytes = MEMORY_STORAGE_LIMIT) {
    this.maxBytes = maxBytes;
  }

  async create(record: PartialRecord): Promise<FileSink> {
    this.#records.set(record.id, record);
    const parts: Uint8Array[] = [];
    this.#parts.set(record.id, parts);
    return new MemorySink(parts, await createSha256(), 0, () => this.#parts.delete(record.id));
  }

  async restore(): Promise<Array<{ record: PartialRecord; sink: FileSink }>> {
    const out: Array<{ record: PartialRecord; sink: FileSink }> = [];
    for (const record of this.#records.values()) {
      const parts = this.#parts.get(record.id);
      if (!parts) continue;
      const hasher = await createSha256();
      let offset = 0;
      for (const part of parts) {
        hasher.update(part);
        offset += part.byteLength;
      }
      out.push({ record, sink: new MemorySink(parts, hasher, offset, () => this.#parts.delete(record.id)) });
    }
    return out;
  }

  async forget(id: string): Promise<void> {
    this.#records.delete(id);
  }
}

class MemorySink implements FileSink {
  onPersisted: ((offset: number) => void) | null = null;
  #persisted: number;
  #digest: string | null = null;

  constructor(
    private readonly parts: Uint8Array[],
    private readonly hasher: Sha256,
    offset: number,
    private readonly drop: () => void,
  ) {
    this.#persisted = offset;
  }

  get persisted(): number {
    return this.#persisted;
  }

  write(offset: number, frame: ArrayBuffer, dataStart: number): void {
    if (offset !== this.#persisted) throw new Error(`write at ${offset}, expected ${this.#persisted}`);
    const data = new Uint8Array(frame, dataStart);
    this.parts.push(data);
    this.hasher.update(data);
    this.#persisted += data.byteLength;
    this.onPersisted?.(this.#persisted);
  }

  async finish(): Promise<string> {
    this.#digest ??= this.hasher.digestHex();
    return this.#digest;
  }

  async file(type: string): Promise<Blob> {
    return new Blob(this.parts as BlobPart[], { type });
  }

  async abort(): Promise<void> {
    this.parts.length = 0;
    this.drop();
  }

  release(): void {
    this.onPersisted = null;
  }
}
