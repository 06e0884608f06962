import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Ack, BreakoutAssignment, BreakoutsRequest, JoinRequest, JoinSnapshot } from '@parley/protocol';
import { BreakoutTickets } from '../src/auth/breakoutTickets.js';
import { BreakoutRoomsService } from '../src/breakouts/BreakoutRoomsService.js';
import type { ParleyServerIo } from '../src/io/types.js';
import { MemoryRoomStore } from '../src/rooms/MemoryRoomStore.js';
import type { ParleyServer } from '../src/server.js';
import { closeAllClients, connect, nextEvent, sleep, startServer, type TestClient } from './support/harness.js';

/**
 * Breakout rooms, as a host runs them and as people go there and back, and as someone who was
 * not sent would try to get in: a breakout room takes only its own tickets, and only while open.
 */
let counter = 0;
const freshRoom = (): string => `main-${Date.now()}-${counter++}`;

const send = (socket: TestClient, request: JoinRequest): Promise<Ack<JoinSnapshot>> => socket.timeout(10_000).emitWithAck('join', request);
const breakouts = (socket: TestClient, request: BreakoutsRequest): Promise<Ack<null>> =>
  socket.timeout(5_000).emitWithAck('breakouts', request);
const leave = (socket: TestClient): Promise<unknown> => socket.timeout(5_000).emitWithAck('leave', {});

async function joined(server: ParleyServer, request: JoinRequest): Promise<{ socket: TestClient; snapshot: JoinSnapshot }> {
  const socket = await connect(server);
  const answer = await send(socket, request);
  if (!answer.ok) throw new Error(answer.error.message);
  return { socket, snapshot: answer.value };
}

/** Ada hosts a room with a password and four guests in it; the room is then locked and its waiting room on. */
async function workshop(server: ParleyServer, names = ['Bob', 'Cyd', 'Dee', 'Eve']) {
  const room = freshRoom();
  const password = 'sesame-42';
  const ada = await joined(server, { room, name: 'Ada', password });
  const guests = [];
  for (const name of names) guests.push(await joined(server, { room, name, password }));
  expect(await ada.socket.timeout(5_000).emitWithAck('moderate', { action: 'lock', locked: true })).toEqual({ ok: true, value: null });
  expect(await ada.socket.timeout(5_000).emitWithAck('moderate', { action: 'waiting-room', enabled: true })).toEqual({
    ok: true,
    value: null,
  });
  const ids = guests.map((guest) => guest.snapshot.self.id);
  return { room, password, ada, guests, ids };
}

describe('breakout rooms', () => {
  let server: ParleyServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterEach(() => closeAllClients());
  afterAll(async () => server.close());

  it('sends people to their rooms, carries the host’s message everywhere, and brings them back past password, lock and waiting room', async () => {
    const { room, ada, guests: everyone, ids } = await workshop(server, ['Bob', 'Cyd', 'Dee', 'Eve', 'Fay']);
    const guests = everyone.slice(0, 4);
    const assigned = guests.map((guest) => nextEvent(guest.socket, 'breakout-assignment'));
    const mainHears = nextEvent(guests[0]!.socket, 'breakouts');
    const opened = await breakouts(ada.socket, {
      action: 'open',
      rooms: [
        { name: 'Room 1', members: [ids[0]!, ids[1]!] },
        { name: 'Room 2', members: [ids[2]!, ids[3]!] },
      ],
      minutes: 15,
    });
    expect(opened).toEqual({ ok: true, value: null });
    const plan = (await mainHears).breakouts!;
    expect(plan.rooms.map((r) => [r.name, r.members.map((m) => m.name)])).toEqual([
      ['Room 1', ['Bob', 'Cyd']],
      ['Room 2', ['Dee', 'Eve']],
    ]);
    expect(plan.endsAt! - Date.now()).toBeGreaterThan(14 * 60_000);
    const tickets = (await Promise.all(assigned)) as BreakoutAssignment[];
    expect(tickets.map((t) => t.name)).toEqual(['Room 1', 'Room 1', 'Room 2', 'Room 2']);
    expect(tickets[0]!.room).toBe(plan.rooms[0]!.id);
    expect(tickets[0]!.room).not.toBe(tickets[2]!.room);

    // Each goes: leaves the main room, joins the breakout room with the ticket (no password asked).
    const inBreakout: TestClient[] = [];
    const seen: string[][] = [];
    for (const [i, guest] of guests.entries()) {
      await leave(guest.socket);
      const there = await joined(server, { room: tickets[i]!.room, name: 'anything', ticket: tickets[i]!.ticket });
      inBreakout.push(there.socket);
      seen.push([there.snapshot.self.name, ...there.snapshot.participants.map((p) => p.name)]);
    }
    // The name is the one from the main room, and each room holds its own two people.
    expect(seen).toEqual([['Bob'], ['Cyd', 'Bob'], ['Dee'], ['Eve', 'Dee']]);
    // Nobody else gets into the locked main room meanwhile.
    const gus = await connect(server);
    expect(await send(gus, { room, name: 'Gus', password: 'sesame-42' })).toMatchObject({ ok: false, error: { code: 'room-locked' } });
    // The host reloads the page (Fay, who stays, keeps the main room's meeting going): the snapshot says which rooms are open.
    const reloaded = await joined(server, { room, name: 'Ada', replaces: ada.snapshot.resumeToken! });
    expect(reloaded.snapshot.breakouts?.rooms.map((r) => r.id)).toEqual(plan.rooms.map((r) => r.id));
    ada.socket = reloaded.socket;

    // The host's message reaches every room, main included.
    const heard = [ada.socket, inBreakout[1]!, inBreakout[3]!].map((socket) => nextEvent(socket, 'breakout-message'));
    expect(await breakouts(ada.socket, { action: 'message', text: 'Two minutes left' })).toEqual({ ok: true, value: null });
    for (const message of await Promise.all(heard)) expect(message).toEqual({ text: 'Two minutes left', from: 'Ada' });

    // Back: the breakout rooms hear it, the main room hears none are open, everyone rejoins with the ticket.
    const closing = inBreakout.map((socket) => nextEvent(socket, 'breakouts-closed'));
    const mainClosed = nextEvent(ada.socket, 'breakouts');
    expect(await breakouts(ada.socket, { action: 'close' })).toEqual({ ok: true, value: null });
    await Promise.all(closing);
    expect((await mainClosed).breakouts).toBeNull();
    for (const [i, socket] of inBreakout.entries()) {
      await leave(socket);
      const back = await send(socket, { room, name: 'x', ticket: tickets[i]!.ticket });
      expect(back.ok).toBe(true);
    }
    const members = await server.store.members(room);
    expect(members.map((m) => m.name).sort()).toEqual(['Ada', 'Bob', 'Cyd', 'Dee', 'Eve', 'Fay']);
  });

  it('ending the meeting ends it in the breakout rooms too', async () => {
    const { room, ada, guests, ids } = await workshop(server, ['Bob', 'Cyd']);
    const assigned = nextEvent(guests[0]!.socket, 'breakout-assignment');
    await breakouts(ada.socket, { action: 'open', rooms: [{ name: 'One', members: [ids[0]!] }], minutes: null });
    const ticket = await assigned;
    await leave(guests[0]!.socket);
    expect((await send(guests[0]!.socket, { room: ticket.room, name: 'Bob', ticket: ticket.ticket })).ok).toBe(true);

    const bobTold = nextEvent(guests[0]!.socket, 'moderation');
    const cydTold = nextEvent(guests[1]!.socket, 'moderation');
    expect(await ada.socket.timeout(5_000).emitWithAck('moderate', { action: 'end' })).toEqual({ ok: true, value: null });
    expect(await bobTold).toMatchObject({ kind: 'ended' });
    expect(await cydTold).toMatchObject({ kind: 'ended' });
    expect(await server.store.members(ticket.room)).toEqual([]);
    expect((await server.store.members(room)).map((m) => m.name)).toEqual(['Ada']);
  });

  it('keeps out whoever was not sent: no ticket, another room’s ticket, a forged one, one for rooms since closed', async () => {
    const { ada, guests, ids } = await workshop(server);
    const assigned = [0, 2].map((i) => nextEvent(guests[i]!.socket, 'breakout-assignment'));
    await breakouts(ada.socket, {
      action: 'open',
      rooms: [
        { name: 'Red', members: [ids[0]!, ids[1]!] },
        { name: 'Blue', members: [ids[2]!, ids[3]!] },
      ],
      minutes: null,
    });
    const [red, blue] = (await Promise.all(assigned)) as BreakoutAssignment[];
    const mallory = await connect(server);

    expect(await send(mallory, { room: red!.room, name: 'Mallory' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send(mallory, { room: red!.room, name: 'Mallory', ticket: blue!.ticket })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // Signed with a key of the attacker's choosing, claiming the room and the meeting.
    const forged = await new SignJWT({ use: 'breakout', room: red!.room, main: 'x', mtg: 'y', name: 'M', grants: ['join'], mayHost: true })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a'.repeat(32)));
    expect(await send(mallory, { room: red!.room, name: 'Mallory', ticket: forged })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // A resume token is not a ticket either, though the server signed it.
    expect(await send(mallory, { room: red!.room, name: 'Mallory', ticket: ada.snapshot.resumeToken! })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    await breakouts(ada.socket, { action: 'close' });
    // Closed: the right ticket no longer opens the breakout room.
    expect(await send(mallory, { room: red!.room, name: 'Mallory', ticket: red!.ticket })).toMatchObject({
      ok: false,
      error: { code: 'breakout-closed' },
    });
  });

  it('a ticket from a meeting that ended is no way past the password; a guest cannot run breakout rooms; no rooms inside rooms', async () => {
    const { room, password, ada, guests, ids } = await workshop(server);
    expect(await breakouts(guests[0]!.socket, { action: 'open', rooms: [{ name: 'Mine', members: [] }], minutes: null })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await breakouts(ada.socket, { action: 'open', rooms: [{ name: 'Me', members: [ada.snapshot.self.id] }], minutes: null }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    const assigned = nextEvent(guests[0]!.socket, 'breakout-assignment');
    await breakouts(ada.socket, { action: 'open', rooms: [{ name: 'One', members: [ids[0]!] }], minutes: null });
    expect(await breakouts(ada.socket, { action: 'open', rooms: [{ name: 'Two', members: [ids[1]!] }], minutes: null })).toMatchObject({
      ok: false,
      error: { code: 'invalid-message' },
    });
    const ticket = await assigned;
    await leave(guests[0]!.socket);
    const inside = await send(guests[0]!.socket, { room: ticket.room, name: 'Bob', ticket: ticket.ticket });
    // Nobody hosts a breakout room: the main room's host runs them all (so nobody can end it for the others).
    expect(inside.ok && inside.value.roomStatus?.hostId).toBeNull();
    expect(await breakouts(guests[0]!.socket, { action: 'open', rooms: [{ name: 'Nested', members: [] }], minutes: null })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    // Everyone else leaves the main room: that meeting is over, and a new one starts with a new password.
    for (const socket of [ada.socket, ...guests.slice(1).map((g) => g.socket)]) await leave(socket);
    await sleep(50);
    await joined(server, { room, name: 'Zed', password: 'another-password' });
    await leave(guests[0]!.socket);
    expect(await send(guests[0]!.socket, { room, name: 'Bob', ticket: ticket.ticket })).toMatchObject({
      ok: false,
      error: { code: 'password-required' },
    });
    expect(await send(guests[0]!.socket, { room, name: 'Bob', ticket: ticket.ticket, password })).toMatchObject({
      ok: false,
      error: { code: 'wrong-password' },
    });
  });
});

describe('the breakout timer', () => {
  afterEach(() => vi.useRealTimers());

  it('brings everyone back when the time is up, unless the host opened new rooms meanwhile', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const store = new MemoryRoomStore();
    const person = (id: string, name: string) => ({
      id,
      name,
      socketId: `s-${id}`,
      joinedAt: 1,
      grants: ['join' as const, 'publish' as const],
      mayHost: true,
      encryptsMedia: false,
    });
    await store.join('main', person('host-0000', 'Ada'), 10);
    await store.join('main', person('guest-0001', 'Bob'), 10);
    const emitted: Array<[string | string[], string]> = [];
    const io = { to: (channel: string | string[]) => ({ emit: (event: string) => void emitted.push([channel, event]) }) };
    const service = new BreakoutRoomsService({
      io: io as unknown as ParleyServerIo,
      store,
      tickets: new BreakoutTickets(Buffer.alloc(32, 7)),
    });
    const host = { roomId: 'main', participantId: 'host-0000', name: 'Ada', grants: ['join' as const, 'publish' as const] };

    await service.handle(host, { action: 'open', rooms: [{ name: 'A', members: ['guest-0001'] }], minutes: 1 });
    const first = (await store.update('main', (room) => room.breakouts.current))!;
    await vi.advanceTimersByTimeAsync(59_000);
    expect(emitted.some(([, event]) => event === 'breakouts-closed')).toBe(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(emitted).toContainEqual([[`room:${first.rooms[0]!.id}`], 'breakouts-closed']);
    expect(await store.update('main', (room) => room.breakouts.current)).toBeNull();

    // Closed by hand and opened again: the first timer must not close the new rooms.
    emitted.length = 0;
    await service.handle(host, { action: 'open', rooms: [{ name: 'B', members: ['guest-0001'] }], minutes: 2 });
    await service.handle(host, { action: 'close' });
    await service.handle(host, { action: 'open', rooms: [{ name: 'C', members: ['guest-0001'] }], minutes: 5 });
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect((await store.update('main', (room) => room.breakouts.current))?.rooms[0]?.name).toBe('C');
    await vi.advanceTimersByTimeAsync(2 * 60_000 + 1_000);
    expect(await store.update('main', (room) => room.breakouts.current)).toBeNull();
    service.dispose();
  });
});
