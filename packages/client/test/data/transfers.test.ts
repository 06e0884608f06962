import { afterEach, describe, expect, it } from 'vitest';
import { FileTransfers } from '../../src/data/transfers/FileTransfers.js';
import { proof } from '../../src/data/secrets.js';
import { MemoryStorage, type FileSink, type PartialRecord } from '../../src/data/storage.js';
import type { Transfer } from '../../src/data/Transfer.js';
import { linkedPair, type LinkedPair } from '../support/wrtc.js';
import { waitFor } from '@parley/testkit';
import { dataPair, randomBytes, sha, type DataPair } from './support.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});
async function pair(options?: Parameters<typeof dataPair>[0]): Promise<DataPair> {
  const p = await dataPair(options);
  cleanups.push(() => p.close());
  return p;
}
const only = (files: FileTransfers) => {
  expect(files.transfers).toHaveLength(1);
  return files.transfers[0]!;
};
const settled = (t: Transfer, ms = 20_000) =>
  waitFor(() => t.final, { what: `transfer ${t.name} to settle (now ${t.state})`, timeoutMs: ms });

describe('file transfer on real data channels', () => {
  it('sends nothing before accept, then delivers every byte once with a matching SHA-256', async () => {
    const { a, b } = await pair();
    const bytes = randomBytes(2 * 1024 * 1024 + 12345, 7);
    const [sent] = a.files.offer([new File([bytes], 'report.pdf', { type: 'application/pdf' })]);
    await waitFor(() => b.files.transfers.length === 1, { what: 'offer', timeoutMs: 5_000 });
    const got = only(b.files);
    expect(got).toMatchObject({
      direction: 'incoming',
      name: 'report.pdf',
      size: bytes.length,
      type: 'application/pdf',
      state: 'offered',
      peerName: 'Ada',
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sent!.bytesOnWire).toBe(0);

    await b.files.accept(got.id);
    await settled(got);
    await settled(sent!);
    expect(got.state).toBe('done');
    expect(sent!.state).toBe('done');
    expect(got.sha256).toBe(sha(bytes));
    expect(sha(new Uint8Array(await got.file!.arrayBuffer()))).toBe(sha(bytes));
    expect(sent!.bytesOnWire).toBe(bytes.length);
    expect(sent!.bytes).toBe(bytes.length);
  });

  it('handles several files at once, an empty file, and a decline', async () => {
    const { a, b } = await pair();
    const files = [new File([randomBytes(300_000, 1)], 'one.bin'), new File([], 'empty.txt'), new File([randomBytes(10, 3)], 'no.bin')];
    const sent = a.files.offer(files);
    await waitFor(() => b.files.transfers.length === 3, { what: 'offers', timeoutMs: 5_000 });
    const [one, empty, no] = b.files.transfers;
    b.files.decline(no!.id);
    await Promise.all([b.files.accept(one!.id), b.files.accept(empty!.id)]);
    await Promise.all(sent.map((t) => settled(t)));
    expect(sent.map((t) => t.state)).toEqual(['done', 'done', 'declined']);
    expect(empty!.state).toBe('done');
    expect(empty!.file!.size).toBe(0);
    expect(no!.state).toBe('declined');
  });

  it('reports a SHA-256 mismatch on both sides and never hands out the file', async () => {
    const { a, b } = await pair({ a: { digest: async () => '0'.repeat(64) } });
    a.files.offer([new File([randomBytes(100_000)], 'x.bin')]);
    await waitFor(() => b.files.transfers.length === 1, { what: 'offer', timeoutMs: 5_000 });
    await b.files.accept(only(b.files).id);
    await settled(only(b.files));
    await settled(only(a.files));
    expect(only(b.files)).toMatchObject({ state: 'failed', problem: 'hash-mismatch', file: null });
    expect(only(a.files)).toMatchObject({ state: 'failed', problem: 'hash-mismatch' });
  });

  it.each(['sender', 'receiver'] as const)('can be cancelled by the %s mid-way', async (who) => {
    // A slow receiver store keeps the transfer in flight long enough to cancel it.
    const storage = new SlowStorage(5);
    const { a, b } = await pair({ b: { storage } });
    const [sent] = a.files.offer([new File([randomBytes(4 * 1024 * 1024)], 'big.bin')]);
    await waitFor(() => b.files.transfers.length === 1, { what: 'offer', timeoutMs: 5_000 });
    const got = only(b.files);
    await b.files.accept(got.id);
    await waitFor(() => got.bytes > 0, { what: 'first bytes', timeoutMs: 10_000 });
    (who === 'sender' ? a : b).files.cancel(got.id);
    await settled(got);
    await settled(sent!);
    expect([sent!.state, got.state]).toEqual(['cancelled', 'cancelled']);
    expect(got.file).toBeNull();
    const onWire = sent!.bytesOnWire;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sent!.bytesOnWire).toBe(onWire); // nothing more is sent
  });

  it('refuses a file larger than the receiver’s storage', async () => {
    const { a, b } = await pair({ b: { storage: new MemoryStorage(1000) } });
    const [sent] = a.files.offer([new File([randomBytes(1001)], 'x.bin')]);
    await waitFor(() => b.files.transfers.length === 1, { what: 'offer', timeoutMs: 5_000 });
    await b.files.accept(only(b.files).id);
    expect(only(b.files)).toMatchObject({ state: 'failed', problem: 'too-large' });
    await settled(sent!);
    expect(sent!.state).toBe('declined');
  });
});

describe('resume', () => {
  it('an ICE restart mid-transfer needs no resume: the SCTP association and the channel survive', async () => {
    const { pair: link, a, b } = await pair({ b: { storage: new SlowStorage(3) } });
    const bytes = randomBytes(3 * 1024 * 1024, 9);
    const [sent] = a.files.offer([new File([bytes], 'ice.bin')]);
    await waitFor(() => b.files.transfers.length === 1, { what: 'offer', timeoutMs: 5_000 });
    const got = only(b.files);
    await b.files.accept(got.id);
    await waitFor(() => got.bytes > 256 * 1024, { what: 'first bytes', timeoutMs: 10_000 });
    const before = link.descriptions.a.length + link.descriptions.b.length;
    link.a.restartIce();
    await waitFor(() => link.descriptions.a.length + link.descriptions.b.length >= before + 2, {
      what: 'ICE restart offer/answer',
      timeoutMs: 10_000,
    });
    await settled(got);
    await settled(sent!);
    expect(got.state).toBe('done');
    expect(sha(new Uint8Array(await got.file!.arrayBuffer()))).toBe(sha(bytes));
    expect(sent!.resumes).toBe(0);
    expect(sent!.bytesOnWire).toBe(bytes.length);
  });

  it('after the receiver reloads, continues from the stored bytes on a new link, with a new participant id', async () => {
    const storage = new InterruptingStorage();
    const first = await pair({ b: { storage }, idA: 'sender000001', idB: 'receiver0001' });
    const bytes = randomBytes(6 * 1024 * 1024, 11);
    const [sent] = first.a.files.offer([new File([bytes], 'movie.mp4', { type: 'video/mp4' })]);
    await waitFor(() => first.b.files.transfers.length === 1, { what: 'offer', timeoutMs: 5_000 });
    // The "reload": at 40 %, the receiver's page (its FileTransfers and its link) disappears at once.
    storage.interruptAt = Math.floor(bytes.length * 0.4);
    storage.onInterrupt = () => {
      first.b.files.close();
      first.pair.b.close();
      // What the Room does when the server says the participant left (pagehide, socket closed).
      queueMicrotask(() => first.a.files.detach('receiver0001'));
    };
    await first.b.files.accept(only(first.b.files).id);
    await waitFor(() => sent!.state === 'interrupted', { what: 'sender sees the interruption', timeoutMs: 10_000 });
    const stored = storage.stored();
    expect(stored).toBeGreaterThanOrEqual(bytes.length * 0.4);
    expect(stored).toBeLessThan(bytes.length);

    // The reloaded page: new participant id, new FileTransfers on the same storage, new link.
    const self = () => ({ id: 'receiver0002', name: 'Bob' });
    const reloaded = new FileTransfers({ self, storage });
    await reloaded.restore();
    const restored = only(reloaded);
    expect(restored).toMatchObject({ state: 'interrupted', name: 'movie.mp4', bytes: stored });
    const link = await connect('sender000001', 'receiver0002');
    first.a.files.attach({ id: 'receiver0002', name: 'Bob' }, link.a.dataChannels!.files, () => 64 * 1024);
    reloaded.attach({ id: 'sender000001', name: 'Ada' }, link.b.dataChannels!.files, () => 64 * 1024);

    await settled(restored);
    await settled(sent!);
    expect(restored.state).toBe('done');
    expect(sent!.state).toBe('done');
    expect(sha(new Uint8Array(await restored.file!.arrayBuffer()))).toBe(sha(bytes));
    expect(sent!.resumes).toBe(1);
    expect(restored.resumes).toBe(1);
    // Only what was in flight at the interruption is sent twice (bounded by the 8 MiB window).
    expect(sent!.bytesOnWire).toBeLessThanOrEqual(bytes.length + (bytes.length - stored));
    expect(sent!.bytesOnWire).toBeLessThan(1.3 * bytes.length + 8 * 1024 * 1024);
    reloaded.close();
  });

  it('ignores a resume request whose proof was made for another link or with another key', async () => {
    const storage = new InterruptingStorage();
    const first = await pair({ b: { storage }, idA: 'sender000001', idB: 'receiver0001' });
    const [sent] = first.a.files.offer([new File([randomBytes(2 * 1024 * 1024)], 'secret.txt')]);
    await waitFor(() => first.b.files.transfers.length === 1, { what: 'offer', timeoutMs: 5_000 });
    storage.interruptAt = 500_000;
    storage.onInterrupt = () => {
      first.b.files.close();
      first.pair.b.close();
      // What the Room does when the server says the participant left (pagehide, socket closed).
      queueMicrotask(() => first.a.files.detach('receiver0001'));
    };
    await first.b.files.accept(only(first.b.files).id);
    await waitFor(() => sent!.state === 'interrupted', { what: 'interruption', timeoutMs: 10_000 });
    const key = storage.records()[0]!.key;

    // Mallory, another participant, replays what the receiver would send on *its* link, and guesses.
    const link = await connect('sender000001', 'mallory00001');
    first.a.files.attach({ id: 'mallory00001', name: 'Mallory' }, link.a.dataChannels!.files, () => 64 * 1024);
    const channel = link.b.dataChannels!.files;
    const replies: string[] = [];
    channel.addEventListener('message', (event) => replies.push(String(event.data)));
    const forged = [
      await proof(key, 'resume', sent!.id, 'receiver0002', 'sender000001'), // the receiver's proof for its own new link
      await proof('B'.repeat(43), 'resume', sent!.id, 'mallory00001', 'sender000001'), // a wrong key
    ];
    for (const p of forged) channel.send(JSON.stringify({ t: 'resume', id: sent!.id, offset: 0, proof: p }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(replies).toEqual([]);
    expect(sent!.state).toBe('interrupted');
    expect(sent!.peerName).toBe('Bob');
  });
});

/** Two bare PeerLinks (no Chat/FileTransfers), data channels open. */
async function connect(idA: string, idB: string): Promise<LinkedPair> {
  const link = linkedPair({ idA, idB });
  cleanups.push(() => link.close());
  await waitFor(() => link.a.dataChannels?.files.readyState === 'open' && link.b.dataChannels?.files.readyState === 'open', {
    what: 'files channels open',
    timeoutMs: 10_000,
  });
  return link;
}

/** Memory storage whose sinks call `onInterrupt` once `interruptAt` bytes are stored. */
class InterruptingStorage extends MemoryStorage {
  interruptAt = Number.POSITIVE_INFINITY;
  onInterrupt: () => void = () => undefined;
  #sinks: FileSink[] = [];
  #records: PartialRecord[] = [];

  override async create(record: PartialRecord): Promise<FileSink> {
    this.#records.push(record);
    const sink = await super.create(record);
    this.#sinks.push(sink);
    const write = sink.write.bind(sink);
    let fired = false;
    sink.write = (offset, frame, start) => {
      write(offset, frame, start);
      if (!fired && sink.persisted >= this.interruptAt) {
        fired = true;
        this.onInterrupt();
      }
    };
    return sink;
  }

  stored(): number {
    return this.#sinks[0]?.persisted ?? 0;
  }

  records(): PartialRecord[] {
    return this.#records;
  }
}

/** Memory storage that acknowledges each write only after `delayMs` (a slow disk). */
class SlowStorage extends MemoryStorage {
  constructor(private readonly delayMs: number) {
    super();
  }

  override async create(record: PartialRecord): Promise<FileSink> {
    const sink = await super.create(record);
    const write = sink.write.bind(sink);
    let queue = Promise.resolve();
    let next = 0;
    const slow: FileSink = {
      get persisted() {
        return sink.persisted;
      },
      onPersisted: null,
      write: (offset, frame, start) => {
        if (offset !== next) throw new Error('out of order');
        next = offset + frame.byteLength - start;
        queue = queue.then(async () => {
          await new Promise((resolve) => setTimeout(resolve, this.delayMs));
          write(offset, frame, start);
        });
      },
      finish: async () => {
        await queue;
        return sink.finish();
      },
      file: (type) => sink.file(type),
      abort: () => sink.abort(),
      release: () => sink.release(),
    };
    sink.onPersisted = (offset) => slow.onPersisted?.(offset);
    return slow;
  }
}
