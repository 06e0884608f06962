import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JoinSnapshot, RecordingSummary } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { ParleyServer } from '../../src/server.js';
import { closeAllClients, connect, joined, nextEvent, startServer, type TestClient } from '../support/harness.js';
import { waitFor } from '@parley/testkit';
import { JanusServer } from '@parley/testkit';
import { folderBytes, publish } from '../support/sfuPublisher.js';

/**
 * Server-side recording against a real Janus (127.0.0.1, loopback ICE): a publisher from libwebrtc
 * in Node sends video and audio through Parley's SFU signaling, the host records, and the
 * post-processed files come back over HTTP as WebM / Ogg.
 */
let janus: JanusServer;
let server: ParleyServer;
let recordingsDir: string;
const OPERATOR_TOKEN = 'the-operators-own-bearer-token-of-32-bytes';

beforeAll(async () => {
  recordingsDir = mkdtempSync(join(tmpdir(), 'parley-recordings-'));
  janus = await JanusServer.start();
  server = await startServer({ janusUrls: [janus.url], meshMax: 2, sfuMaxParticipants: 6, recordingsDir, operatorToken: OPERATOR_TOKEN });
}, 30_000);

afterAll(async () => {
  closeAllClients();
  await server?.close();
  await janus?.stop();
  rmSync(recordingsDir, { recursive: true, force: true });
});

async function list(
  room: string,
  token: string,
): Promise<{ status: number; body: { recordings?: RecordingSummary[]; error?: { code: string } } }> {
  const response = await fetch(`${server.url()}/api/rooms/${room}/recordings`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as { recordings?: RecordingSummary[] } };
}

function tokenOf(snapshot: JoinSnapshot): string {
  if (!snapshot.resumeToken) throw new Error('the server handed out no resume token');
  return snapshot.resumeToken;
}

describe('server-side recording', () => {
  it('records a publisher, converts to WebM and Opus, lists and serves the files to the host only', async () => {
    const [host, guest, third] = (await Promise.all([0, 1, 2].map(() => connect(server)))) as [TestClient, TestClient, TestClient];
    const hostToken = tokenOf(await joined(host, 'recorded', 'Ada Host'));
    const guestToken = tokenOf(await joined(guest, 'recorded', 'Bo'));
    expect((await joined(third, 'recorded', 'Cy')).mode).toBe('sfu');
    const publisher = await publish(host);
    try {
      await waitFor(() => publisher.pc.connectionState === 'connected', {
        what: 'the publisher to connect to Janus',
        timeoutMs: 30_000,
      }).catch((error: Error) => {
        throw new Error(`${error.message}: ${publisher.describe()}`);
      });

      // A guest may not record; the host may, and everyone sees the indicator.
      expect(await guest.timeout(10_000).emitWithAck('recording', { action: 'start' })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      expect(await guest.timeout(10_000).emitWithAck('recording', { action: 'record' } as never)).toMatchObject({
        ok: false,
        error: { code: 'invalid-message' },
      });
      const guestSees = nextEvent(guest, 'recording-state', 15_000);
      const started = await host.timeout(15_000).emitWithAck('recording', { action: 'start' });
      if (!started.ok) throw new Error(started.error.message);
      expect(started.value).toMatchObject({ active: true, id: expect.stringMatching(/^[\w-]{22}$/) });
      expect(await guestSees).toEqual(started.value);
      const folder = join(recordingsDir, started.value.id);

      // A newcomer hears it at once.
      const late = await connect(server);
      const lateSees = nextEvent(late, 'recording-state', 15_000);
      await joined(late, 'recorded', 'Di');
      expect(await lateSees).toMatchObject({ active: true });

      // Janus writes both tracks (the synthetic camera's flat frames compress to little): wait for some of each.
      await waitFor(() => folderBytes(folder, '-video-0.mjr') > 8_000 && folderBytes(folder, '-audio-1.mjr') > 8_000, {
        what: 'Janus to record media',
        timeoutMs: 60_000,
      });
      const guestHearsStop = nextEvent(guest, 'recording-state', 15_000);
      expect(await host.timeout(15_000).emitWithAck('recording', { action: 'stop' })).toEqual({ ok: true, value: { active: false } });
      expect(await guestHearsStop).toEqual({ active: false });

      let recording: RecordingSummary | undefined;
      await waitFor(
        async () => {
          const { body } = await list('recorded', hostToken);
          recording = body.recordings?.[0];
          return recording?.state === 'ready' || recording?.state === 'failed';
        },
        { what: 'post-processing to finish', timeoutMs: 60_000 },
      );
      expect(recording).toMatchObject({ id: started.value.id, state: 'ready', participants: ['Ada Host'] });
      const video = recording!.files.find((file) => file.kind === 'video')!;
      const audio = recording!.files.find((file) => file.kind === 'audio')!;
      expect(video).toMatchObject({ name: 'Ada-Host-video-1.webm', participant: 'Ada Host', state: 'ready' });
      expect(audio).toMatchObject({ name: 'Ada-Host-audio-1.opus', state: 'ready' });

      const webm = await fetch(`${server.url()}${video.url!}`);
      expect(webm.status).toBe(200);
      expect(webm.headers.get('content-type')).toBe('video/webm');
      const webmBytes = Buffer.from(await webm.arrayBuffer());
      expect(webmBytes.length).toBe(video.bytes);
      expect(webmBytes.length).toBeGreaterThan(2_000);
      // EBML magic (Matroska/WebM header, RFC 8794 §8.1).
      expect(webmBytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
      expect(webmBytes.includes(Buffer.from('webm'))).toBe(true);
      expect(webmBytes.includes(Buffer.from('V_VP8'))).toBe(true);
      const opus = Buffer.from(await (await fetch(`${server.url()}${audio.url!}`)).arrayBuffer());
      expect(opus.length).toBeGreaterThan(1_000);
      // Ogg page capture pattern (RFC 3533 §6), then the Opus ID header (RFC 7845 §5.1).
      expect(opus.subarray(0, 4).toString()).toBe('OggS');
      expect(opus.includes(Buffer.from('OpusHead'))).toBe(true);

      // Not the host: refused. No token, a forged one, or another room's: refused.
      expect((await list('recorded', guestToken)).status).toBe(403);
      expect((await list('recorded', 'forged.token.here')).status).toBe(401);
      expect((await list('elsewhere', hostToken)).status).toBe(401);
      const bare = await fetch(`${server.url()}/api/rooms/recorded/recordings`);
      expect(bare.status).toBe(401);

      // Bad ids, names and tickets: refused, and nothing outside the folder is reachable.
      const ticket = new URL(video.url!, server.url()).searchParams.get('ticket')!;
      const get = (path: string) => fetch(`${server.url()}${path}`).then((response) => response.status);
      expect(await get(`/api/recordings/${recording!.id}/files/manifest.json?ticket=${ticket}`)).toBe(404);
      expect(await get(`/api/recordings/${recording!.id}/files/..%2F..%2Fetc%2Fpasswd?ticket=${ticket}`)).toBe(404);
      expect(await get(`/api/recordings/..%2F${recording!.id}/files/${video.name}?ticket=${ticket}`)).toBe(404);
      expect(await get(`/api/recordings/${'A'.repeat(22)}/files/${video.name}?ticket=${ticket}`)).toBe(403);
      expect(await get(`/api/recordings/${recording!.id}/files/${video.name}?ticket=1.${'x'.repeat(43)}`)).toBe(403);
      expect(await get(`/api/recordings/${recording!.id}/files/${video.name}`)).toBe(403);
      const mjr = readdirSync(folder).find((name) => name.endsWith('.mjr'))!;
      expect(await get(`/api/recordings/${recording!.id}/files/${mjr}?ticket=${ticket}`)).toBe(404);

      // The meeting ends. Whoever opens the same room id later hosts a new meeting: its
      // recordings are not theirs. The operator still sees them.
      closeAllClients();
      await waitFor(async () => (await server.store.status('recorded')) === null, { what: 'the meeting over', timeoutMs: 15_000 });
      const mallory = await connect(server);
      const malloryToken = tokenOf(await joined(mallory, 'recorded', 'Mallory'));
      expect((await server.store.status('recorded'))?.hostId).toBeDefined();
      expect(await list('recorded', malloryToken)).toEqual({ status: 200, body: { recordings: [] } });
      const byOperator = await list('recorded', OPERATOR_TOKEN);
      expect(byOperator.body.recordings?.map((summary) => summary.id)).toEqual([recording!.id]);
      expect((await list('recorded', `${OPERATOR_TOKEN.slice(0, -1)}x`)).status).toBe(401);
    } finally {
      publisher.stop();
    }
  }, 180_000);

  it('refuses recording when off, in a mesh room, in an end-to-end encrypted room, and a relative folder in the config', async () => {
    const socket = await connect(server);
    await joined(socket, 'small-mesh', 'Solo');
    expect(await socket.timeout(10_000).emitWithAck('recording', { action: 'start' })).toMatchObject({
      ok: false,
      error: { code: 'sfu-unavailable' },
    });
    const encrypted = await connect(server);
    const snapshot = await encrypted.timeout(10_000).emitWithAck('join', { room: 'encrypted', name: 'Ada', encryptsMedia: true });
    expect(snapshot.ok && snapshot.value.roomStatus?.e2ee).toBe(true);
    expect(await encrypted.timeout(10_000).emitWithAck('recording', { action: 'start' })).toEqual({
      ok: false,
      error: {
        code: 'e2ee-on',
        message: 'The meeting is end-to-end encrypted, so the server cannot record it. Turn end-to-end encryption off first.',
      },
    });
    expect(() => loadConfig({ PARLEY_JANUS_URLS: 'ws://j:8188', PARLEY_RECORDINGS_DIR: 'recordings' }, [])).toThrow(
      /recordingsDir \(PARLEY_RECORDINGS_DIR\): must be an absolute path/,
    );
    expect(() => loadConfig({ PARLEY_RECORDINGS_DIR: '/srv/recordings' }, [])).toThrow(ConfigError);
    expect(loadConfig({ PARLEY_JANUS_URLS: 'ws://j:8188', PARLEY_RECORDINGS_DIR: '/srv/recordings' }, [])).toMatchObject({
      recordingsDir: '/srv/recordings',
    });
    expect(loadConfig({}, []).recordingsDir).toBeUndefined();
  });
});
