import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, JoinRequest, JoinSnapshot, ModerateRequest } from '@parley/protocol';
import type { ParleyServer } from '../src/server.js';
import { closeAllClients, collect, connect, nextEvent, startServer, type TestClient } from './support/harness.js';

/**
 * End-to-end encryption as the server enforces it (it never holds the keys): who may be in an
 * encrypted room, the host's switch, and what the room says about it. Browsers join with
 * `encryptsMedia: true`; the Node SDK, the CLI and load bots join without it.
 */
let counter = 0;
const freshRoom = (): string => `e2ee-${Date.now()}-${counter++}`;

const send = (socket: TestClient, request: JoinRequest): Promise<Ack<JoinSnapshot>> => socket.timeout(10_000).emitWithAck('join', request);
const moderate = (socket: TestClient, request: ModerateRequest): Promise<Ack<null>> =>
  socket.timeout(5_000).emitWithAck('moderate', request);

async function member(server: ParleyServer, request: JoinRequest): Promise<{ socket: TestClient; snapshot: JoinSnapshot }> {
  const socket = await connect(server);
  const answer = await send(socket, request);
  if (!answer.ok) throw new Error(`join refused: ${answer.error.message}`);
  return { socket, snapshot: answer.value };
}

async function refusal(server: ParleyServer, request: JoinRequest): Promise<{ code: string; message: string }> {
  const answer = await send(await connect(server), request);
  if (answer.ok) throw new Error(`join was accepted: ${JSON.stringify(request)}`);
  return answer.error;
}

async function presence(server: ParleyServer, room: string): Promise<unknown> {
  return (await fetch(`${server.url()}/api/rooms/${room}`)).json();
}

describe('end-to-end encryption (PARLEY_E2EE on, the default)', () => {
  let server: ParleyServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterEach(() => closeAllClients());
  afterAll(async () => server.close());

  it('is on in a room started by software that encrypts, off in one started by software that cannot', async () => {
    const encrypted = freshRoom();
    const ada = await member(server, { room: encrypted, name: 'Ada', encryptsMedia: true });
    expect(ada.snapshot.roomStatus).toMatchObject({ hostId: ada.snapshot.self.id, e2ee: true });
    expect(await presence(server, encrypted)).toMatchObject({ participants: 1, e2ee: true });

    const plain = freshRoom();
    expect((await member(server, { room: plain, name: 'Sdk' })).snapshot.roomStatus?.e2ee).toBe(false);
    expect((await member(server, { room: freshRoom(), name: 'Sdk', encryptsMedia: false })).snapshot.roomStatus?.e2ee).toBe(false);
    expect(await presence(server, plain)).toMatchObject({ participants: 1, e2ee: false });
    // In the room started unencrypted, software that encrypts is welcome too.
    expect((await member(server, { room: plain, name: 'Bob', encryptsMedia: true })).snapshot.roomStatus?.e2ee).toBe(false);
  });

  it('keeps software that cannot encrypt out of an encrypted room, whatever else would let it in', async () => {
    const room = freshRoom();
    const password = 'open sesame';
    await member(server, { room, name: 'Ada', password, encryptsMedia: true });
    const bob = await member(server, { room, name: 'Bob', password, encryptsMedia: true });

    // The other checks come first and answer as before.
    expect(await refusal(server, { room, name: 'Sdk' })).toMatchObject({ code: 'password-required' });
    expect(await refusal(server, { room, name: 'Sdk', password: 'wrong' })).toMatchObject({ code: 'wrong-password' });
    // An SDK client with the password trying to slip in.
    for (const encryptsMedia of [undefined, false]) {
      expect(await refusal(server, { room, name: 'Sdk', password, ...(encryptsMedia === undefined ? {} : { encryptsMedia }) })).toEqual({
        code: 'e2ee-unsupported',
        message:
          "This meeting's media is end-to-end encrypted, and this software cannot encrypt it. The host can turn encryption off to let it in.",
      });
    }
    // Nor with a member's own token: resuming or reloading as Bob from software that cannot encrypt.
    const token = bob.snapshot.resumeToken!;
    expect(await refusal(server, { room, name: 'Bob', resume: token })).toMatchObject({ code: 'e2ee-unsupported' });
    expect(await refusal(server, { room, name: 'Bob', replaces: token })).toMatchObject({ code: 'e2ee-unsupported' });
    // Bob's own page is still in the meeting, untouched by either attempt.
    expect((await server.store.members(room)).map((person) => person.name)).toEqual(['Ada', 'Bob']);
    expect((await server.store.get(room, bob.snapshot.self.id))?.socketId).toBe(bob.socket.id);

    const cyd = await member(server, { room, name: 'Cyd', password, encryptsMedia: true });
    expect(cyd.snapshot.roomStatus?.e2ee).toBe(true);
    // A reload of Bob's page that encrypts takes its place as usual.
    const reloaded = await member(server, { room, name: 'Bob', replaces: token, encryptsMedia: true });
    expect(reloaded.snapshot.participants.map((person) => person.name).sort()).toEqual(['Ada', 'Cyd']);
  });

  it('the host turns it off and on: everyone hears it, software that cannot encrypt comes in, and on waits until it left', async () => {
    const room = freshRoom();
    const ada = await member(server, { room, name: 'Ada', encryptsMedia: true });
    const bob = await member(server, { room, name: 'Bob', encryptsMedia: true });
    const adaHears = nextEvent(ada.socket, 'room-status');
    const bobHears = nextEvent(bob.socket, 'room-status');
    expect(await moderate(ada.socket, { action: 'e2ee', enabled: false })).toEqual({ ok: true, value: null });
    for (const heard of [await adaHears, await bobHears]) expect(heard).toMatchObject({ hostId: ada.snapshot.self.id, e2ee: false });
    expect(await presence(server, room)).toMatchObject({ e2ee: false });

    const sdk = await member(server, { room, name: 'Sid the bot' });
    expect(sdk.snapshot.roomStatus?.e2ee).toBe(false);
    const bobStatuses = collect(bob.socket, 'room-status');
    const on = await moderate(ada.socket, { action: 'e2ee', enabled: true });
    expect(on).toMatchObject({
      ok: false,
      error: { code: 'e2ee-unsupported', message: expect.stringMatching(/^Sid the bot uses software that cannot encrypt/) },
    });
    expect(await server.store.status(room)).toMatchObject({ e2ee: false });

    const sdkGone = nextEvent(ada.socket, 'participant-left');
    await sdk.socket.timeout(5_000).emitWithAck('leave', {});
    await sdkGone;
    const bobHearsOn = nextEvent(bob.socket, 'room-status');
    expect(await moderate(ada.socket, { action: 'e2ee', enabled: true })).toEqual({ ok: true, value: null });
    expect(await bobHearsOn).toMatchObject({ e2ee: true });
    // The refused attempt announced nothing.
    expect(bobStatuses).toHaveLength(1);
    expect(await refusal(server, { room, name: 'Sid the bot' })).toMatchObject({ code: 'e2ee-unsupported' });
  });

  it("is the host's alone to switch: anyone else is refused and nothing changes", async () => {
    const room = freshRoom();
    const ada = await member(server, { room, name: 'Ada', encryptsMedia: true });
    const bob = await member(server, { room, name: 'Bob', encryptsMedia: true });
    const adaStatuses = collect(ada.socket, 'room-status');
    for (const enabled of [false, true]) {
      expect(await moderate(bob.socket, { action: 'e2ee', enabled })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await server.store.status(room)).toMatchObject({ hostId: ada.snapshot.self.id, e2ee: true });
    expect(adaStatuses).toEqual([]);
    expect(await moderate(bob.socket, { action: 'e2ee' } as never)).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
  });

  it('a breakout room follows its main room: unencrypted when the host let software that cannot encrypt in', async () => {
    for (const e2ee of [true, false]) {
      const room = freshRoom();
      const ada = await member(server, { room, name: 'Ada', encryptsMedia: true });
      if (!e2ee) await moderate(ada.socket, { action: 'e2ee', enabled: false });
      const bob = await member(server, { room, name: 'Bob', encryptsMedia: true });
      const assigned = nextEvent(bob.socket, 'breakout-assignment');
      const opened = await ada.socket.timeout(5_000).emitWithAck('breakouts', {
        action: 'open',
        rooms: [{ name: 'Room 1', members: [bob.snapshot.self.id] }],
        minutes: null,
      });
      expect(opened).toEqual({ ok: true, value: null });
      const { room: breakout, ticket } = await assigned;
      await bob.socket.timeout(5_000).emitWithAck('leave', {});
      const there = await send(bob.socket, { room: breakout, name: 'Bob', ticket, encryptsMedia: true });
      expect(there.ok && there.value.roomStatus?.e2ee, `main room e2ee ${e2ee}`).toBe(e2ee);
    }
  });
});

describe('end-to-end encryption with PARLEY_E2EE off', () => {
  let server: ParleyServer;
  beforeAll(async () => {
    server = await startServer({ e2ee: false });
  });
  afterEach(() => closeAllClients());
  afterAll(async () => server.close());

  it('rooms start without it, even from software that encrypts; the host may still turn it on', async () => {
    const room = freshRoom();
    const ada = await member(server, { room, name: 'Ada', encryptsMedia: true });
    expect(ada.snapshot.roomStatus?.e2ee).toBe(false);
    await member(server, { room, name: 'Sdk' });
    expect(await moderate(ada.socket, { action: 'e2ee', enabled: true })).toMatchObject({ ok: false, error: { code: 'e2ee-unsupported' } });

    const other = freshRoom();
    const bea = await member(server, { room: other, name: 'Bea', encryptsMedia: true });
    expect(await moderate(bea.socket, { action: 'e2ee', enabled: true })).toEqual({ ok: true, value: null });
    expect(await refusal(server, { room: other, name: 'Sdk' })).toMatchObject({ code: 'e2ee-unsupported' });
  });
});
