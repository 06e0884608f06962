import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { ParleyServer } from '../../src/server.js';
import { closeAllClients, collect, connect, join, joined, startServer } from '../support/harness.js';
import { waitFor } from '@parley/testkit';
import { JanusServer } from '@parley/testkit';

/** Room mode on the server: mesh up to PARLEY_MESH_MAX, then SFU, told to everyone; config checks. */
let janus: JanusServer;
let server: ParleyServer;

beforeAll(async () => {
  janus = await JanusServer.start();
  server = await startServer({ janusUrls: [janus.url], meshMax: 2, sfuMaxParticipants: 4 });
}, 30_000);

afterAll(async () => {
  closeAllClients();
  await server?.close();
  await janus?.stop();
});

describe('room mode', () => {
  it('moves a room past the mesh threshold to the SFU, says so to everyone, and caps it at the SFU cap', async () => {
    const sockets = await Promise.all([0, 1, 2, 3, 4].map(() => connect(server)));
    const [a, b, c, d, e] = sockets as [
      (typeof sockets)[0],
      (typeof sockets)[0],
      (typeof sockets)[0],
      (typeof sockets)[0],
      (typeof sockets)[0],
    ];
    const heardByA = collect(a, 'room-mode');
    const heardByB = collect(b, 'room-mode');
    expect((await joined(a, 'grow', 'Ada')).mode).toBe('mesh');
    expect((await joined(b, 'grow', 'Bo')).mode).toBe('mesh');
    expect((await joined(c, 'grow', 'Cy')).mode).toBe('sfu');
    await waitFor(() => heardByA.length === 1 && heardByB.length === 1, { what: 'room-mode at the others' });
    expect(heardByA).toEqual([{ mode: 'sfu' }]);
    // Once in SFU mode, newcomers are told by their snapshot; nobody hears the switch twice.
    expect((await joined(d, 'grow', 'Di')).mode).toBe('sfu');
    expect(heardByA).toHaveLength(1);
    const full = await join(e, 'grow', 'Ed');
    expect(full).toMatchObject({ ok: false, error: { code: 'room-full', message: 'Room is full (4/4)' } });
  });

  it('refuses an ICE restart without an SFU session with sfu-session-lost (the client then publishes afresh)', async () => {
    const [a, b, c] = await Promise.all([0, 1, 2].map(() => connect(server)));
    await joined(a!, 'restart', 'Ada');
    await joined(b!, 'restart', 'Bo');
    expect((await joined(c!, 'restart', 'Cy')).mode).toBe('sfu');
    // In the room, in SFU mode, but never published: the server holds no Janus session for Cy.
    for (const request of [{ connection: 'subscriber' }, { connection: 'publisher', offer: { type: 'offer', sdp: 'v=0' } }] as const) {
      const result = await c!.timeout(5_000).emitWithAck('sfu-restart', request);
      expect(result).toMatchObject({ ok: false, error: { code: 'sfu-session-lost' } });
    }
    // A malformed one never reaches the bridge.
    const invalid = await c!
      .timeout(5_000)
      .emitWithAck('sfu-restart', { connection: 'subscriber', offer: { type: 'offer', sdp: 'v=0' } } as never);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
  });

  it('refuses SFU requests outside a room, and bad Janus settings at start', async () => {
    const socket = await connect(server);
    const result = await socket.timeout(5_000).emitWithAck('sfu-publish', { session: 1, offer: { type: 'offer', sdp: 'v=0' }, slots: [] });
    expect(result).toMatchObject({ ok: false, error: { code: 'not-in-room' } });
    expect(() => loadConfig({ PARLEY_JANUS_URLS: 'http://janus:8088' }, [])).toThrow(ConfigError);
    expect(() => loadConfig({ PARLEY_JANUS_URLS: 'http://janus:8088' }, [])).toThrow(
      /janusUrls \(PARLEY_JANUS_URLS, --janus\): "http:\/\/janus:8088" is not a Janus WebSocket URL/,
    );
    expect(() => loadConfig({ PARLEY_JANUS_URLS: 'ws://j:8188', PARLEY_MESH_MAX: '60' }, [])).toThrow(
      /meshMax \(PARLEY_MESH_MAX\): must be below/,
    );
    expect(loadConfig({ PARLEY_JANUS_URLS: 'ws://10.0.0.5:8188, wss://j.example/janus' }, [])).toMatchObject({
      janusUrls: ['ws://10.0.0.5:8188', 'wss://j.example/janus'],
      sfuMaxParticipants: 50,
      meshMax: 4,
    });
  });

  it('keeps a room peer to peer while no Janus is reachable', async () => {
    // Janus stopped: its port no longer answers. The server starts anyway and logs it.
    const gone = await JanusServer.start();
    const url = gone.url;
    await gone.stop();
    const lonely = await startServer({ janusUrls: [url], meshMax: 2, sfuMaxParticipants: 4 });
    try {
      const sockets = await Promise.all([0, 1, 2].map(() => connect(lonely)));
      const modes = [];
      for (const [i, socket] of sockets.entries()) modes.push((await joined(socket, 'no-janus', `P${i}`)).mode);
      expect(modes).toEqual(['mesh', 'mesh', 'mesh']);
    } finally {
      await lonely.close();
    }
  });
});
