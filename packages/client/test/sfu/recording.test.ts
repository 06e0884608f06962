import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import type { RecordingSummary } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JanusServer } from '@parley/testkit';
import { movingCamera, toneMicrophone } from '../../../server/test/support/wrtcMedia.js';
import { waitFor } from '@parley/testkit';
import { Room } from '../../src/Room.js';
import { FakeMedia } from '../support/fakeMedia.js';
import { webrtc } from '../support/wrtc.js';

/** The SDK's recording controls (room.recording) against a real server and Janus, three people in Node. */
let janus: JanusServer;
let server: ParleyServer;
let recordingsDir: string;
const people: { room: Room; stop(): void }[] = [];

beforeAll(async () => {
  recordingsDir = mkdtempSync(join(tmpdir(), 'parley-sdk-recordings-'));
  janus = await JanusServer.start();
  server = await createParleyServer(
    makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', janusUrls: [janus.url], meshMax: 2, recordingsDir }),
  );
  await server.listen();
}, 30_000);

afterAll(async () => {
  await Promise.all(people.map(({ room }) => room.leave()));
  for (const person of people) person.stop();
  await server?.close();
  await janus?.stop();
  rmSync(recordingsDir, { recursive: true, force: true });
}, 30_000);

/** Bytes Janus wrote for camera tracks so far. */
function videoBytes(folder: string): number {
  return readdirSync(folder)
    .filter((name) => /-video-\d+\.mjr$/.test(name))
    .reduce((sum, name) => sum + statSync(join(folder, name)).size, 0);
}

async function enter(roomId: string, name: string): Promise<Room> {
  // A moving camera and a tone: Janus records only tracks that carry packets.
  const media = new FakeMedia();
  const camera = movingCamera(160, 120);
  const mic = toneMicrophone();
  media.audioTrack?.stop();
  media.audioTrack = mic.track;
  media.replaceVideo(camera.track);
  const room = new Room({ serverUrl: server.url(), roomId, name, webrtc, media });
  people.push({ room, stop: () => [camera, mic, media].forEach((part) => part.stop()) });
  await room.join();
  return room;
}

describe('room.recording', () => {
  it('lets the host record, shows everyone the state, and lists downloadable files for the host only', async () => {
    const host = await enter('sdk-recorded', 'Ana');
    const guest = await enter('sdk-recorded', 'Ben');
    const third = await enter('sdk-recorded', 'Cai');
    const rooms = [host, guest, third];
    await waitFor(() => rooms.every((room) => room.mode === 'sfu'), { what: 'the room on the SFU', timeoutMs: 15_000 });
    await waitFor(() => [...guest.participants.values()].some((p) => p.name === 'Ana' && p.viaSfu), {
      what: "Ana's media through the SFU",
      timeoutMs: 45_000,
    });

    await expect(guest.recording.start()).rejects.toMatchObject({ code: 'forbidden' });
    const guestStates: boolean[] = [];
    guest.on('recording-state', (active) => guestStates.push(active));
    await host.recording.start();
    expect(host.recording.active).toBe(true);
    await waitFor(() => guest.recording.active && third.recording.active, { what: 'everyone to see the recording', timeoutMs: 10_000 });

    // Record some of everyone's camera, then stop (unused screen slots leave empty files: not listed).
    const [listed] = await host.recording.list();
    expect(listed?.state).toBe('recording');
    const folder = join(recordingsDir, listed!.id);
    await waitFor(() => videoBytes(folder) > 3 * 4_000, { what: 'Janus to record everyone', timeoutMs: 60_000 });
    await host.recording.stop();
    await waitFor(() => !guest.recording.active, { what: 'everyone to see it stopped', timeoutMs: 10_000 });
    expect(guestStates).toEqual([true, false]);

    let recording: RecordingSummary | undefined;
    await waitFor(
      async () => {
        [recording] = await host.recording.list();
        return recording?.state === 'ready' || recording?.state === 'failed';
      },
      { what: 'post-processing', timeoutMs: 60_000 },
    );
    expect(recording, JSON.stringify(recording)).toMatchObject({ state: 'ready' });
    expect([...recording!.participants].sort()).toEqual(['Ana', 'Ben', 'Cai']);
    expect(recording!.files.map((file) => file.name).sort()).toEqual(
      ['Ana', 'Ben', 'Cai'].flatMap((name) => [`${name}-audio-1.opus`, `${name}-video-1.webm`]),
    );
    const video = recording!.files.find((file) => file.kind === 'video' && file.participant === 'Ana');
    expect(video?.url).toMatch(new RegExp(`^${server.url()}/api/recordings/`));
    const bytes = Buffer.from(await (await fetch(video!.url!)).arrayBuffer());
    expect(bytes.length).toBe(video!.bytes);
    expect(bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3');

    await expect(guest.recording.list()).rejects.toMatchObject({ code: 'forbidden' });
  }, 180_000);
});
