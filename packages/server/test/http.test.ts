import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEETING_CODE_PATTERN, ROOM_ID_PATTERN } from '@parley/protocol';
import type { ParleyServer } from '../src/server.js';
import { closeAllClients, connect, joined, startServer } from './support/harness.js';

let server: ParleyServer;
beforeAll(async () => {
  server = await startServer({ allowedOrigins: ['https://embed.example'] });
});
afterAll(async () => {
  closeAllClients();
  await server.close();
});

describe('HTTP', () => {
  it('creates unguessable room ids as readable meeting codes', async () => {
    const ids = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const response = await fetch(`${server.url()}/api/rooms`, { method: 'POST' });
        expect(response.status).toBe(201);
        return ((await response.json()) as { roomId: string }).roomId;
      }),
    );
    expect(new Set(ids).size).toBe(20);
    for (const id of ids) {
      expect(id).toMatch(ROOM_ID_PATTERN);
      expect(id).toMatch(MEETING_CODE_PATTERN); // 16 of 30 symbols: 78 bits
    }
  });

  it('serves the app for room links and 404s invalid ones, with a CSP', async () => {
    const ok = await fetch(`${server.url()}/r/Good_room-1`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('<div id="root">');
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval';");
    const bad = await fetch(`${server.url()}/r/${'x'.repeat(65)}`);
    expect(bad.status).toBe(404);
    expect(await bad.text()).toContain('<div id="root">');
  });

  it('answers an unknown address with a page for a browser and the API error for a program, never the framework’s JSON', async () => {
    const page = await fetch(`${server.url()}/no-such-page`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<div id="root">'); // the app shows its "Page not found"
    for (const [path, init] of [
      ['/api/no-such-route', {}],
      ['/assets/no-such-file.js', { headers: { accept: 'text/html' } }],
      ['/no-such-page', {}],
      ['/api/rooms', { method: 'DELETE' }],
    ] as const) {
      const response = await fetch(`${server.url()}${path}`, init);
      expect(response.status, path).toBe(404);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid-message');
      expect(body.error.message).toMatch(/^Nothing is at [A-Z]+ \//);
    }
  });

  it('reports health with room and participant counts', async () => {
    const socket = await connect(server);
    await joined(socket, `health-${Date.now()}`, 'Ada');
    const body = (await (await fetch(`${server.url()}/healthz`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', rooms: 1, participants: 1 });
  });

  it("says how many are in a room, so a lobby can tell a meeting under way from a mistyped link's empty one", async () => {
    const room = `presence-${Date.now()}`;
    const presence = async (id: string) => {
      const response = await fetch(`${server.url()}/api/rooms/${id}`);
      return { status: response.status, body: (await response.json()) as unknown };
    };
    const open = { passwordProtected: false, locked: false, waitingRoom: false, e2ee: false };
    expect(await presence(room)).toEqual({ status: 200, body: { participants: 0, ...open } });
    const ada = await connect(server);
    await joined(ada, room, 'Ada');
    await joined(await connect(server), room, 'Bob');
    expect(await presence(room)).toEqual({ status: 200, body: { participants: 2, ...open } });
    ada.disconnect();
    await expect.poll(async () => (await presence(room)).body).toEqual({ participants: 1, ...open });
    expect((await presence('not a room id')).status).toBe(404);

    // A lobby can ask for the password before the first try, and say when the host locked the room.
    const guarded = `presence-guarded-${Date.now()}`;
    const host = await connect(server);
    expect(await host.timeout(5_000).emitWithAck('join', { room: guarded, name: 'Ada', password: 'pw' })).toMatchObject({ ok: true });
    expect((await presence(guarded)).body).toEqual({
      participants: 1,
      passwordProtected: true,
      locked: false,
      waitingRoom: false,
      e2ee: false,
    });
    expect(await host.timeout(5_000).emitWithAck('moderate', { action: 'lock', locked: true })).toEqual({ ok: true, value: null });
    expect((await presence(guarded)).body).toEqual({
      participants: 1,
      passwordProtected: true,
      locked: true,
      waitingRoom: false,
      e2ee: false,
    });
  });

  it('refuses signaling from a foreign page but allows its own origin, configured ones and non-browsers', async () => {
    await expect(connect(server, { origin: 'https://evil.example' })).rejects.toThrow();
    await expect(connect(server, { origin: server.url() })).resolves.toBeTruthy();
    await expect(connect(server, { origin: 'https://embed.example' })).resolves.toBeTruthy();
    await expect(connect(server)).resolves.toBeTruthy();
  });
});
