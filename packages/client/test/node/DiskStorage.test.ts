import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PartialRecord } from '../../src/data/storage.js';
import { DiskStorage, PARTIAL_DIR } from '../../src/node/DiskStorage.js';
import { uniqueNames } from '../../src/node/uniqueNames.js';
import { waitFor } from '@parley/testkit';
import { dataPair, randomBytes } from '../data/support.js';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-disk-'));
  dirs.push(dir);
  return dir;
}
function record(id: string, size: number, name = 'report.pdf'): PartialRecord {
  return { id, name, size, type: 'application/pdf', key: 'k'.repeat(43), from: 'Ada', createdAt: Date.now() };
}
/** Hands `bytes` to a sink as FileTransfers does: one frame per piece, payload after a header. */
function writeFrames(
  sink: { write(offset: number, frame: ArrayBuffer, start: number): void },
  bytes: Uint8Array,
  from: number,
  to: number,
  piece = 65_536,
): void {
  for (let offset = from; offset < to; offset += piece) {
    const data = bytes.subarray(offset, Math.min(to, offset + piece));
    const frame = new Uint8Array(16 + data.length);
    frame.set(data, 16);
    sink.write(offset, frame.buffer, 16);
  }
}

describe('DiskStorage (incoming files on disk, for Node)', () => {
  it('writes a file in order, hashes it, and keeps it under its name without replacing an existing file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'report.pdf'), 'somebody else’s report');
    const storage = new DiskStorage({ dir });
    const bytes = randomBytes(1_000_000, 3);
    const sink = await storage.create(record('abc123', bytes.length));
    const persisted: number[] = [];
    sink.onPersisted = (offset) => persisted.push(offset);
    writeFrames(sink, bytes, 0, bytes.length);
    expect(await sink.finish()).toBe(sha(bytes));
    expect(persisted.at(-1)).toBe(bytes.length);
    expect(persisted).toEqual([...persisted].sort((a, b) => a - b));
    expect(sha(new Uint8Array(await (await sink.file('application/pdf')).arrayBuffer()))).toBe(sha(bytes));

    await storage.forget('abc123'); // as FileTransfers does once verified
    const path = await storage.keep('abc123', 'report.pdf');
    expect(path).toBe(join(dir, 'report (1).pdf'));
    expect(sha(await readFile(path))).toBe(sha(bytes));
    expect(await readFile(join(dir, 'report.pdf'), 'utf8')).toBe('somebody else’s report');
    // Nothing left waiting: the partial folder is gone.
    expect(await readdir(dir)).toEqual(['report (1).pdf', 'report.pdf']);
  });

  it('keeps a hostile name inside the folder (sanitised again on saving)', async () => {
    const dir = await tempDir();
    const storage = new DiskStorage({ dir });
    const sink = await storage.create(record('evil01', 3, '../../etc/passwd'));
    writeFrames(sink, new Uint8Array([1, 2, 3]), 0, 3);
    await sink.finish();
    const path = await storage.keep('evil01', '../../etc/passwd');
    expect(path.startsWith(dir + '/')).toBe(true);
    expect(path).toBe(join(dir, '_.._etc_passwd')); // the client's sanitizeFileName: no separators, no leading dots
  });

  it('after a crash, restores each unfinished transfer with its stored prefix re-hashed, and appends the rest', async () => {
    const dir = await tempDir();
    const bytes = randomBytes(700_000, 9);
    const before = new DiskStorage({ dir });
    const sink = await before.create(record('resume1', bytes.length));
    writeFrames(sink, bytes, 0, 300_000);
    await waitFor(() => sink.persisted === 300_000, { what: 'first part on disk', timeoutMs: 5_000 });
    // The process dies here: no release(), no finish().

    const after = new DiskStorage({ dir });
    const restored = await after.restore();
    expect(restored).toHaveLength(1);
    const [{ record: found, sink: resumed }] = restored as [(typeof restored)[number]];
    expect(found).toMatchObject({ id: 'resume1', name: 'report.pdf', size: bytes.length, from: 'Ada' });
    expect(resumed.persisted).toBe(300_000);
    writeFrames(resumed, bytes, 300_000, bytes.length);
    expect(await resumed.finish()).toBe(sha(bytes));
    expect((await stat(after.partPath('resume1'))).size).toBe(bytes.length);
  });

  it('drops what it cannot trust on restore: broken records, bytes without a record, unsafe ids', async () => {
    const dir = await tempDir();
    const partial = join(dir, PARTIAL_DIR);
    const storage = new DiskStorage({ dir });
    const sink = await storage.create(record('good01', 10));
    writeFrames(sink, randomBytes(4), 0, 4);
    await waitFor(() => sink.persisted === 4, { what: 'written', timeoutMs: 5_000 });
    await writeFile(join(partial, 'broken.json'), '{"id": "broken", "size": ');
    await writeFile(join(partial, 'broken.part'), 'x');
    await writeFile(join(partial, 'orphan.part'), 'abandoned bytes');
    await writeFile(join(partial, 'old.json'), JSON.stringify({ ...record('old', 5), createdAt: Date.now() - 2 * 86_400_000 }));
    await writeFile(join(partial, 'old.part'), 'xx');
    await writeFile(join(partial, 'evil.json'), JSON.stringify(record('../../x', 5)));

    const restored = await new DiskStorage({ dir }).restore();
    expect(restored.map((r) => r.record.id)).toEqual(['good01']);
    expect((await readdir(partial)).sort()).toEqual(['good01.json', 'good01.lock', 'good01.part']);
    await expect(storage.create(record('../escape', 1))).rejects.toThrow(/refusing transfer id/);
  });

  it('two receivers in one folder never share a transfer; one that was killed leaves it to the next', async () => {
    const dir = await tempDir();
    const partial = join(dir, PARTIAL_DIR);
    const storage = new DiskStorage({ dir });
    for (const id of ['heldby1', 'crashed']) {
      const sink = await storage.create(record(id, 10));
      writeFrames(sink, randomBytes(4), 0, 4);
      await waitFor(() => sink.persisted === 4, { what: 'written', timeoutMs: 5_000 });
    }
    // "heldby1" is held by a live process (pid 1 always exists); "crashed" by one that is gone.
    await writeFile(join(partial, 'heldby1.lock'), '1');
    await writeFile(join(partial, 'crashed.lock'), String(2 ** 22 + 12345));
    const restored = await new DiskStorage({ dir }).restore();
    expect(restored.map((r) => r.record.id)).toEqual(['crashed']);
    expect(await readFile(join(partial, 'crashed.lock'), 'utf8')).toBe(String(process.pid));
    // The live one's files are untouched.
    expect((await readdir(partial)).filter((n) => n.startsWith('heldby1')).sort()).toEqual([
      'heldby1.json',
      'heldby1.lock',
      'heldby1.part',
    ]);
  });

  it('abort deletes the bytes and the record', async () => {
    const dir = await tempDir();
    const storage = new DiskStorage({ dir });
    const sink = await storage.create(record('gone01', 100));
    writeFrames(sink, randomBytes(50), 0, 50);
    await sink.abort();
    expect(await readdir(join(dir, PARTIAL_DIR))).toEqual([]);
    expect(await new DiskStorage({ dir }).restore()).toEqual([]);
  });

  it('receives a file over a real data channel straight to disk', async () => {
    const dir = await tempDir();
    const storage = new DiskStorage({ dir });
    const { a, b, close } = await dataPair({ b: { storage } });
    try {
      const bytes = randomBytes(3 * 1024 * 1024 + 7, 21);
      const [sent] = a.files.offer([new File([bytes], 'clip.bin')]);
      await waitFor(() => b.files.transfers.length === 1, { what: 'offer', timeoutMs: 5_000 });
      const got = b.files.transfers[0]!;
      await b.files.accept(got.id);
      await waitFor(() => got.final && sent!.final, { what: 'transfer done', timeoutMs: 20_000 });
      expect(got.state).toBe('done');
      const path = await storage.keep(got.id, got.name);
      expect(sha(await readFile(path))).toBe(sha(bytes));
    } finally {
      close();
    }
  });
});

describe('uniqueNames', () => {
  it('numbers before the extension, as browsers do for downloads', () => {
    const names = uniqueNames('report.final.pdf');
    expect([names.next().value, names.next().value, names.next().value]).toEqual([
      'report.final.pdf',
      'report.final (1).pdf',
      'report.final (2).pdf',
    ]);
    const bare = uniqueNames('README');
    bare.next();
    expect(bare.next().value).toBe('README (1)');
  });
});
