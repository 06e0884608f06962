import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyServer } from '../../src/server.js';
import { closeAllClients, connect, joined, nextEvent, startServer, type TestClient } from '../support/harness.js';
import { waitFor } from '@parley/testkit';
import { JanusServer } from '@parley/testkit';
import { NodeProcess } from '../support/nodeProcess.js';
import { RedisServer } from '@parley/testkit';
import { folderBytes, publish } from '../support/sfuPublisher.js';

/**
 * A recording beyond one server process. With several nodes, the recording is the room's, not
 * the node's: a newcomer on another node sees the indicator, and a host there stops it. And it
 * does not outlive a crash unnoticed: Parley is killed (SIGKILL, no cleanup) while Janus records,
 * and the server started next over the same folder finishes it by itself.
 */
let janus: JanusServer;
let recordingsDir: string;
let crashing: NodeProcess | null = null;
let next: ParleyServer | null = null;
let redis: RedisServer | null = null;
const nodes: NodeProcess[] = [];

beforeAll(async () => {
  recordingsDir = mkdtempSync(join(tmpdir(), 'parley-recordings-'));
  janus = await JanusServer.start();
}, 30_000);

afterAll(async () => {
  closeAllClients();
  await crashing?.kill();
  await next?.close();
  await Promise.all(nodes.map((node) => node.kill()));
  await redis?.stop();
  await janus?.stop();
  rmSync(recordingsDir, { recursive: true, force: true });
});

interface ManifestOnDisk {
  state: string;
  stoppedAt: number | null;
  outputs: { name: string; kind: string; state: string }[];
}

const manifestOf = (id: string): ManifestOnDisk =>
  JSON.parse(readFileSync(join(recordingsDir, id, 'manifest.json'), 'utf8')) as ManifestOnDisk;

/** Janus has written some of both tracks (the synthetic camera's flat frames compress to little). */
const someMediaRecorded = (id: string) => () =>
  folderBytes(join(recordingsDir, id), '-video-0.mjr') > 8_000 && folderBytes(join(recordingsDir, id), '-audio-1.mjr') > 8_000;

/** The host publishes a camera and a microphone through the SFU and starts recording; the caller stops the publisher. */
async function recordWhilePublishing(host: TestClient): Promise<{ publisher: Awaited<ReturnType<typeof publish>>; id: string }> {
  const publisher = await publish(host);
  try {
    await waitFor(() => publisher.pc.connectionState === 'connected', {
      what: 'the publisher to connect to Janus',
      timeoutMs: 30_000,
    }).catch((error: Error) => {
      throw new Error(`${error.message}: ${publisher.describe()}`);
    });
    const started = await host.timeout(15_000).emitWithAck('recording', { action: 'start' });
    if (!started.ok) throw new Error(started.error.message);
    return { publisher, id: started.value.id! };
  } catch (error) {
    publisher.stop();
    throw error;
  }
}

const SFU_ENV = { PARLEY_MESH_MAX: '2', PARLEY_SFU_MAX_PARTICIPANTS: '6' };

describe('a recording with several nodes over Redis', () => {
  it("is the room's: a newcomer on the other node sees it, and a host on the other node stops it", async () => {
    redis = await RedisServer.start();
    const env = {
      ...SFU_ENV,
      PARLEY_JANUS_URLS: janus.url,
      PARLEY_RECORDINGS_DIR: recordingsDir,
      PARLEY_REDIS_URL: redis.url,
      PARLEY_SECRET: randomBytes(32).toString('hex'),
    };
    const [one, two] = await Promise.all([NodeProcess.start(env), NodeProcess.start(env)]);
    nodes.push(one, two);
    const host = await connect(one);
    const guest = await connect(two);
    const third = await connect(one);
    await joined(host, 'two-nodes', 'Ada Host');
    const guestSnapshot = await joined(guest, 'two-nodes', 'Bo');
    expect((await joined(third, 'two-nodes', 'Cy')).mode).toBe('sfu');
    const { publisher, id } = await recordWhilePublishing(host);
    try {
      // A newcomer on node 2 is told at once, from the room record in Redis.
      const late = await connect(two);
      const lateSees = nextEvent(late, 'recording-state', 15_000);
      await joined(late, 'two-nodes', 'Di');
      expect(await lateSees).toEqual({ active: true, id });
      await waitFor(someMediaRecorded(id), { what: 'Janus to record media', timeoutMs: 60_000 });

      // The host hands the role to Bo on node 2, who stops the recording there.
      expect(await host.timeout(10_000).emitWithAck('moderate', { action: 'make-host', id: guestSnapshot.self.id })).toEqual({
        ok: true,
        value: null,
      });
      const hostHearsStop = nextEvent(host, 'recording-state', 15_000);
      expect(await guest.timeout(15_000).emitWithAck('recording', { action: 'stop' })).toEqual({ ok: true, value: { active: false } });
      expect(await hostHearsStop).toEqual({ active: false });
      await waitFor(() => ['ready', 'failed'].includes(manifestOf(id).state), { what: 'post-processing to finish', timeoutMs: 60_000 });
      expect(manifestOf(id).state).toBe('ready');
    } finally {
      publisher.stop();
    }
  }, 180_000);
});

describe('a recording whose server crashed', () => {
  it('is finished by the next server over the same folder: converted to WebM and Opus, and ready', async () => {
    crashing = await NodeProcess.start({ ...SFU_ENV, PARLEY_JANUS_URLS: janus.url, PARLEY_RECORDINGS_DIR: recordingsDir });
    const [host, guest, third] = (await Promise.all([0, 1, 2].map(() => connect(crashing!)))) as [TestClient, TestClient, TestClient];
    await joined(host, 'crashed', 'Ada Host');
    await joined(guest, 'crashed', 'Bo');
    expect((await joined(third, 'crashed', 'Cy')).mode).toBe('sfu');
    const { publisher, id } = await recordWhilePublishing(host);
    try {
      await waitFor(someMediaRecorded(id), { what: 'Janus to record media', timeoutMs: 60_000 });

      await crashing.kill();
      crashing = null;
      expect(manifestOf(id).state).toBe('recording');
      const killedAt = Date.now();

      // The next server (its room store starts empty: nobody claims the recording) finishes it.
      next = await startServer({ janusUrls: [janus.url], meshMax: 2, sfuMaxParticipants: 6, recordingsDir });
      await waitFor(() => ['ready', 'failed'].includes(manifestOf(id).state), {
        what: 'the interrupted recording to be finished',
        timeoutMs: 60_000,
      });
      const manifest = manifestOf(id);
      expect(manifest.state).toBe('ready');
      expect(manifest.stoppedAt).toBeGreaterThanOrEqual(killedAt);
      expect(manifest.outputs).toEqual(
        expect.arrayContaining([
          { source: expect.any(String), feed: expect.any(String), name: 'Ada-Host-video-1.webm', kind: 'video', state: 'ready' },
          { source: expect.any(String), feed: expect.any(String), name: 'Ada-Host-audio-1.opus', kind: 'audio', state: 'ready' },
        ]),
      );
      expect(statSync(join(recordingsDir, id, 'Ada-Host-video-1.webm')).size).toBeGreaterThan(2_000);
    } finally {
      publisher.stop();
    }
  }, 180_000);
});
