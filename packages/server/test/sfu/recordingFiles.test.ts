import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DownloadTickets, TICKET_LIFETIME_MS } from '../../src/sfu/recording/downloadTickets.js';
import { BoundedQueue } from '../../src/sfu/recording/postProcess.js';
import { processRecording } from '../../src/sfu/recording/processRecording.js';
import { MemoryRoomStore } from '../../src/rooms/MemoryRoomStore.js';
import type { JanusPool } from '../../src/sfu/JanusPool.js';
import { outputName, RecordingFiles } from '../../src/sfu/recording/RecordingFiles.js';
import { RoomRecorder } from '../../src/sfu/recording/RoomRecorder.js';
import type { ParleyServerIo } from '../../src/io/types.js';

/** Where a test recording is said to be recorded (nothing connects to it here). */
const JANUS = { url: 'ws://127.0.0.1:8188', janusRoom: 9 };

/** The parts of recording that need no Janus: folders, names, tickets, the queue, a failed conversion. */
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function recordingsFolder(): RecordingFiles {
  const root = mkdtempSync(join(tmpdir(), 'parley-recfiles-'));
  folders.push(root);
  return new RecordingFiles(root);
}

describe('recording files', () => {
  it('resolves only ids and names inside a recording folder', async () => {
    const files = recordingsFolder();
    const manifest = await files.create(
      RecordingFiles.newId(),
      { room: 'room-1', meeting: 'meeting-1', startedBy: 'host-1' },
      1_000,
      JANUS,
    );
    expect(manifest.id).toMatch(/^[\w-]{22}$/);
    expect(files.fileOf(manifest.id, 'Ada-video-1.webm')).toBe(join(files.root, manifest.id, 'Ada-video-1.webm'));
    for (const name of ['../x', '..', '.hidden', 'a/b', 'manifest.json', 'finishing.lock', '', 'a\\b']) {
      expect(() => files.fileOf(manifest.id, name), name).toThrow(expect.objectContaining({ code: 'recording-not-found' }));
    }
    for (const id of ['..', `../${manifest.id}`, 'short', `${manifest.id}/`]) {
      expect(() => files.folderOf(id), id).toThrow(expect.objectContaining({ code: 'recording-not-found' }));
    }
    expect((await files.ofRoom('room-1')).map((recording) => recording.id)).toEqual([manifest.id]);
    expect(await files.ofRoom('room-2')).toEqual([]);
  });

  it('lets exactly one caller take on finishing a recording', async () => {
    const files = recordingsFolder();
    const { id } = await files.create(RecordingFiles.newId(), { room: 'room-1', meeting: 'meeting-1', startedBy: 'host-1' }, 1_000, JANUS);
    const claims = await Promise.all([files.claimFinish(id), files.claimFinish(id), files.claimFinish(id)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await files.claimFinish(id)).toBe(false);
  });

  it('names outputs after the person, safely', () => {
    expect(outputName('Ada Lovelace', '12', 'video', 1)).toBe('Ada-Lovelace-video-1.webm');
    expect(outputName('../../etc', '12', 'audio', 2)).toBe('etc-audio-2.opus');
    expect(outputName('김민수', '12', 'audio', 1)).toBe('participant-audio-1.opus');
    expect(outputName(null, '77', 'video', 1)).toBe('feed-77-video-1.webm');
  });

  it('marks a recording failed when janus-pp-rec cannot convert a file, without throwing', async () => {
    const files = recordingsFolder();
    const manifest = await files.create(
      RecordingFiles.newId(),
      { room: 'room-1', meeting: 'meeting-1', startedBy: 'host-1' },
      1_000,
      JANUS,
    );
    manifest.feeds['42'] = 'Ada';
    writeFileSync(join(files.folderOf(manifest.id), 'videoroom-9-user-42-1700000000000-video-0.mjr'), 'not a Janus recording');
    // An unused slot (Janus wrote the magic only) is skipped, not listed as failed.
    writeFileSync(join(files.folderOf(manifest.id), 'videoroom-9-user-42-1700000000001-video-3.mjr'), 'MJR00002');
    const lines: string[] = [];
    await processRecording(manifest, {
      files,
      queue: new BoundedQueue(1),
      log: pino({}, { write: (line: string) => void lines.push(line) }),
    });
    const saved = await files.load(manifest.id);
    expect(saved).toMatchObject({ state: 'failed', outputs: [{ name: 'Ada-video-1.webm', kind: 'video', state: 'failed' }] });
    expect(lines.some((line) => line.includes('recording conversion failed') && line.includes('janus-pp-rec failed'))).toBe(true);
  });
});

describe('recording an end-to-end encrypted room', () => {
  it('is refused before anything is asked of Janus, and leaves no trace', async () => {
    const files = recordingsFolder();
    const store = new MemoryRoomStore();
    const host = { id: 'host-1', name: 'Ada', socketId: 's-1', joinedAt: 1, grants: ['join' as const], mayHost: true, encryptsMedia: true };
    await store.join('room-1', host, 6, undefined, { passwordHash: null, e2ee: true });
    // An SFU room with someone publishing: all that recording needs, but encrypted.
    await store.update('room-1', (room) => {
      room.mode = 'sfu';
      room.sfu = JANUS;
    });
    const touched: PropertyKey[] = [];
    const janus = new Proxy({} as JanusPool, {
      get: (_target, property) => {
        touched.push(property);
        throw new Error(`Janus was asked for ${String(property)}`);
      },
    });
    const recorder = new RoomRecorder({ pool: janus, store, io: {} as ParleyServerIo, log: pino({ level: 'silent' }), files });
    const member = { roomId: 'room-1', participantId: 'host-1', name: 'Ada', grants: host.grants };
    try {
      await expect(recorder.handle(member, { action: 'start' })).rejects.toMatchObject({
        code: 'e2ee-on',
        message: 'The meeting is end-to-end encrypted, so the server cannot record it. Turn end-to-end encryption off first.',
      });
      expect(touched).toEqual([]);
      expect(await files.all()).toEqual([]);
      expect(await recorder.stateOf('room-1')).toEqual({ active: false });
      // Off, the same request goes on to Janus: the refusal above was the encryption's.
      await store.update('room-1', (room) => (room.e2ee = false));
      await expect(recorder.handle(member, { action: 'start' })).rejects.toThrow(/Janus was asked/);
    } finally {
      await recorder.close();
    }
  });
});

describe('download tickets', () => {
  it('open one recording for a few minutes only', () => {
    let now = 1_000_000;
    const tickets = new DownloadTickets(Buffer.alloc(32, 7), () => now);
    const ticket = tickets.issue('A'.repeat(22));
    expect(tickets.valid('A'.repeat(22), ticket)).toBe(true);
    expect(tickets.valid('B'.repeat(22), ticket)).toBe(false);
    expect(new DownloadTickets(Buffer.alloc(32, 8), () => now).valid('A'.repeat(22), ticket)).toBe(false);
    expect(tickets.valid('A'.repeat(22), ticket.replace(/^\d+/, String(now + 10 * TICKET_LIFETIME_MS)))).toBe(false);
    now += TICKET_LIFETIME_MS + 1;
    expect(tickets.valid('A'.repeat(22), ticket)).toBe(false);
  });
});

describe('bounded queue', () => {
  it('runs at most its limit at once, and every task', async () => {
    const queue = new BoundedQueue(2);
    let running = 0;
    let most = 0;
    let finished = 0;
    const gates: (() => void)[] = [];
    const done = Promise.all(
      [0, 1, 2, 3, 4].map((n) =>
        queue
          .run(async () => {
            running += 1;
            most = Math.max(most, running);
            await new Promise<void>((resolve) => gates.push(resolve));
            running -= 1;
            return n;
          })
          .finally(() => (finished += 1)),
      ),
    );
    // Let the queue start what it may, then finish one task at a time.
    while (finished < 5) {
      await new Promise((resolve) => setImmediate(resolve));
      gates.shift()?.();
    }
    expect(await done).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('converts again a recording whose converting node went silent, and leaves one still being converted alone', async () => {
    const files = recordingsFolder();
    const [orphaned, live] = await Promise.all(
      [1_000, 2_000].map((at) =>
        files.create(RecordingFiles.newId(), { room: 'room-1', meeting: 'meeting-1', startedBy: 'host-1' }, at, JANUS),
      ),
    );
    for (const manifest of [orphaned!, live!]) {
      manifest.state = 'processing';
      manifest.feeds['42'] = 'Ada';
      await files.save(manifest);
      expect(await files.claimFinish(manifest.id)).toBe(true);
      writeFileSync(join(files.folderOf(manifest.id), 'videoroom-9-user-42-1700000000000-video-0.mjr'), 'not a Janus recording');
    }
    // The node converting `orphaned` last said it was alive ten minutes ago.
    const longAgo = new Date(Date.now() - 10 * 60_000);
    utimesSync(join(files.folderOf(orphaned!.id), 'finishing.lock'), longAgo, longAgo);
    // Converting needs neither Janus nor sockets (nothing is announced): both stay untouched.
    const recorder = new RoomRecorder({
      pool: {} as JanusPool,
      store: new MemoryRoomStore(),
      io: {} as ParleyServerIo,
      log: pino({ level: 'silent' }),
      files,
      queue: new BoundedQueue(1),
    });
    try {
      await recorder.sweep();
      await recorder.settled();
    } finally {
      await recorder.close();
    }
    // Converted again (the junk file fails, and says so), where before it was stuck at "processing".
    expect(await files.load(orphaned!.id)).toMatchObject({ state: 'failed', outputs: [{ name: 'Ada-video-1.webm', state: 'failed' }] });
    expect(await files.load(live!.id)).toMatchObject({ state: 'processing', outputs: [] });
  });
});
