/**
 * The file worker: hashing and disk writes off the page's main thread, so the data channel's
 * message handler only parses a 16-byte header and hands the buffer over (transferred, no copy).
 *
 * - Receiver: writes each chunk to the origin private file system (WHATWG File System,
 *   FileSystemSyncAccessHandle: synchronous, worker-only) and feeds it to an incremental SHA-256.
 *   On a resume after a reload it re-hashes the stored prefix instead of trusting saved state.
 * - Sender: SHA-256 of an outgoing file from the slices the send loop already read (src-feed),
 *   then whatever was never fed, read in slices (src-finish): the file is never whole in memory.
 *
 * Messages are plain objects; see FileWorkerRequest / FileWorkerReply in opfs.ts.
 */
import { createSha256, sha256Implementation, type Sha256 } from './hash.js';
import { unhashedPart } from './sourceHash.js';

interface SyncAccessHandle {
  read(buffer: Uint8Array, options?: { at?: number }): number;
  write(buffer: Uint8Array, options?: { at?: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}
interface FileHandleWithSync extends FileSystemFileHandle {
  createSyncAccessHandle(): Promise<SyncAccessHandle>;
}

interface Sink {
  handle: SyncAccessHandle;
  hasher: Sha256;
  offset: number;
  name: string;
  dir: FileSystemDirectoryHandle;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
};
const sinks = new Map<string, Sink>();
/** Outgoing files being hashed from the slices the send loop feeds (see sourceHash.ts). */
const sources = new Map<string, { hasher: Sha256; offset: number }>();

async function source(id: string): Promise<{ hasher: Sha256; offset: number }> {
  let entry = sources.get(id);
  if (!entry) {
    entry = { hasher: await createSha256(), offset: 0 };
    sources.set(id, entry);
  }
  return entry;
}
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event: MessageEvent) => {
  const request = event.data as { op: string; id: string; [key: string]: unknown };
  const fail = (error: unknown) => {
    scope.postMessage({ op: 'error', id: request.id, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  };
  // One request at a time, in arrival order: a write never overtakes the open before it, a
  // slice to hash never overtakes the one before it.
  queue = queue.then(() => handle(request)).catch(fail);
};

async function handle(request: { op: string; id: string; [key: string]: unknown }): Promise<void> {
  const { op, id } = request;
  switch (op) {
    case 'open': {
      const dir = await incomingDir(String(request.dir));
      const name = String(request.name);
      const file = (await dir.getFileHandle(name, { create: true })) as FileHandleWithSync;
      const handle = await openExclusive(file);
      const hasher = await createSha256();
      let offset = 0;
      if (request.resume) {
        offset = handle.getSize();
        const block = new Uint8Array(4 * 1024 * 1024);
        for (let at = 0; at < offset;) {
          const n = handle.read(block.subarray(0, Math.min(block.length, offset - at)), { at });
          if (n <= 0) break;
          hasher.update(block.subarray(0, n));
          at += n;
        }
      } else {
        handle.truncate(0);
      }
      sinks.set(id, { handle, hasher, offset, name, dir });
      scope.postMessage({ op: 'opened', id, offset });
      return;
    }
    case 'write': {
      const sink = sinks.get(id);
      if (!sink) return;
      for (const { offset, buffer, start } of request.writes as Array<{ offset: number; buffer: ArrayBuffer; start: number }>) {
        if (offset !== sink.offset) throw new Error(`write at ${offset}, expected ${sink.offset}`);
        const data = new Uint8Array(buffer, start);
        let written = 0;
        while (written < data.byteLength) written += sink.handle.write(data.subarray(written), { at: offset + written });
        sink.hasher.update(data);
        sink.offset += data.byteLength;
      }
      scope.postMessage({ op: 'persisted', id, offset: sink.offset });
      return;
    }
    case 'finish': {
      const sink = sinks.get(id);
      if (!sink) throw new Error('no such transfer');
      sink.handle.flush();
      sink.handle.close();
      sinks.delete(id);
      scope.postMessage({ op: 'finished', id, sha256: sink.hasher.digestHex() });
      return;
    }
    case 'abort': {
      const sink = sinks.get(id);
      sinks.delete(id);
      sink?.handle.close();
      const dir = sink?.dir ?? (await incomingDir(String(request.dir)));
      await dir.removeEntry(typeof request.name === 'string' ? request.name : (sink?.name ?? '')).catch(() => undefined);
      scope.postMessage({ op: 'aborted', id });
      return;
    }
    case 'release': {
      const sink = sinks.get(id);
      sinks.delete(id);
      sink?.handle.close();
      return;
    }
    case 'src-feed': {
      const entry = await source(id);
      const data = unhashedPart(entry.offset, Number(request.offset), request.buffer as ArrayBuffer);
      if (!data) return;
      entry.hasher.update(data);
      entry.offset += data.byteLength;
      return;
    }
    case 'src-finish': {
      const entry = await source(id);
      sources.delete(id);
      const blob = request.blob as Blob;
      const slice = 4 * 1024 * 1024;
      for (let at = entry.offset; at < blob.size; at += slice) {
        entry.hasher.update(new Uint8Array(await blob.slice(at, Math.min(blob.size, at + slice)).arrayBuffer()));
      }
      scope.postMessage({ op: 'digest', id, sha256: entry.hasher.digestHex(), implementation: sha256Implementation() });
      return;
    }
  }
}

async function incomingDir(name: string): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(name, { create: true });
}

/** A reloaded page's previous worker may hold the file's lock for a moment: retry briefly. */
async function openExclusive(file: FileHandleWithSync): Promise<SyncAccessHandle> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await file.createSyncAccessHandle();
    } catch (error) {
      if (attempt >= 40 || !(error instanceof DOMException) || error.name !== 'NoModificationAllowedError') throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
