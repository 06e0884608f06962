import { IceConfigSchema, JoinSnapshotSchema } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { ParleyServer } from '../src/server.js';
import { turnPassword } from '../src/turn/credentials.js';
import { closeAllClients, connect, joined, startServer } from './support/harness.js';

const SECRET = 'a-shared-secret-for-tests-0123456789';
const TURN = ['turn:127.0.0.1:3478?transport=udp', 'turn:127.0.0.1:3478?transport=tcp'];

let server: ParleyServer | undefined;
afterEach(async () => {
  closeAllClients();
  await server?.close();
  server = undefined;
});

describe('ICE servers over signaling', () => {
  it('the join snapshot carries per-participant TURN credentials, the policy and their lifetime', async () => {
    server = await startServer({
      stunUrls: ['stun:127.0.0.1:3478'],
      turnUrls: TURN,
      turnSecret: SECRET,
      turnTtl: 120,
      iceTransportPolicy: 'relay',
    });
    const before = Math.floor(Date.now() / 1000);
    const snapshot = JoinSnapshotSchema.parse(await joined(await connect(server), 'ice-room', 'Ada'));
    expect(snapshot.iceTransportPolicy).toBe('relay');
    expect(snapshot.iceServersTtlSeconds).toBe(120);
    expect(snapshot.iceServers).toHaveLength(1); // relay mode: no STUN
    const turn = snapshot.iceServers[0]!;
    expect(turn.urls).toEqual(TURN);
    const [expiry, user] = turn.username!.split(':');
    expect(user).toBe(snapshot.self.id);
    expect(Number(expiry) - before).toBeGreaterThanOrEqual(119);
    expect(Number(expiry) - before).toBeLessThanOrEqual(121);
    expect(turn.credential).toBe(turnPassword(SECRET, turn.username!));

    const other = JoinSnapshotSchema.parse(await joined(await connect(server), 'ice-room', 'Bob'));
    expect(other.iceServers[0]!.username).toBe(`${other.iceServers[0]!.username!.split(':')[0]}:${other.self.id}`);
  });

  it('refresh-ice-servers mints new credentials for the same participant', async () => {
    let now = 1_700_000_000_000;
    const { createParleyServer } = await import('../src/server.js');
    const { makeConfig } = await import('../src/config.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const webRoot = mkdtempSync(join(tmpdir(), 'parley-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html>');
    server = await createParleyServer(
      makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', webRoot, turnUrls: TURN, turnSecret: SECRET, turnTtl: 300 }),
      { now: () => now },
    );
    await server.listen();
    const socket = await connect(server);
    const snapshot = await joined(socket, 'refresh-room', 'Ada');
    expect(snapshot.iceServers[0]!.username).toBe(`1700000300:${snapshot.self.id}`);
    now += 240_000;
    const ack = await socket.timeout(3_000).emitWithAck('refresh-ice-servers', {});
    expect(ack.ok).toBe(true);
    const fresh = IceConfigSchema.parse(ack.ok ? ack.value : null);
    expect(fresh).toEqual({
      iceServers: [
        { urls: TURN, username: `1700000540:${snapshot.self.id}`, credential: turnPassword(SECRET, `1700000540:${snapshot.self.id}`) },
      ],
      iceTransportPolicy: 'all',
      ttlSeconds: 300,
    });
  });

  it('refuses refresh-ice-servers before joining, and a payload with extra fields', async () => {
    server = await startServer({ turnUrls: TURN, turnSecret: SECRET });
    const socket = await connect(server);
    const early = await socket.timeout(3_000).emitWithAck('refresh-ice-servers', {});
    expect(early).toMatchObject({ ok: false, error: { code: 'not-in-room' } });
    await joined(socket, 'r', 'Ada');
    const extra = await socket.timeout(3_000).emitWithAck('refresh-ice-servers', { secret: 'please' } as never);
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
  });

  it('without ICE configuration the snapshot has no servers and policy all, as before', async () => {
    server = await startServer();
    const snapshot = await joined(await connect(server), 'plain', 'Ada');
    expect(snapshot).toMatchObject({ iceServers: [], iceTransportPolicy: 'all' });
    expect(snapshot.iceServersTtlSeconds).toBeUndefined();
  });
});
