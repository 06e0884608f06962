import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyServer } from '../src/server.js';
import { OFFER, closeAllClients, collect, connect, join, joined, nextEvent, nextRejection, sleep, startServer } from './support/harness.js';

let server: ParleyServer;
beforeAll(async () => {
  server = await startServer({ maxParticipants: 3 });
});
afterEach(() => closeAllClients());
afterAll(async () => {
  await server.close();
});

let roomCounter = 0;
const freshRoom = (): string => `room-${Date.now()}-${roomCounter++}`;

describe('join and presence', () => {
  it('gives the newcomer a snapshot and tells the others', async () => {
    const room = freshRoom();
    const ada = await connect(server);
    const first = await joined(ada, room, 'Ada');
    expect(first.self.name).toBe('Ada');
    expect(first.participants).toEqual([]);
    expect(first.maxParticipants).toBe(3);

    const bob = await connect(server);
    const announced = nextEvent(ada, 'participant-joined');
    const second = await joined(bob, room, 'Bob');
    expect(second.participants).toEqual([first.self]);
    expect(await announced).toEqual(second.self);
    expect(second.self.id).not.toBe(first.self.id);
  });

  it('tells the others at once when someone leaves or closes the connection', async () => {
    const room = freshRoom();
    const [ada, bob, cy] = await Promise.all([connect(server), connect(server), connect(server)]);
    await joined(ada, room, 'Ada');
    const bobInfo = (await joined(bob, room, 'Bob')).self;
    const cyInfo = (await joined(cy, room, 'Cy')).self;

    const leftAfterLeave = nextEvent(ada, 'participant-left');
    expect(await bob.timeout(2_000).emitWithAck('leave', {})).toEqual({ ok: true, value: null });
    expect(await leftAfterLeave).toEqual({ id: bobInfo.id });

    const startedAt = Date.now();
    const leftAfterClose = nextEvent(ada, 'participant-left', 5_000);
    cy.disconnect(); // what closing the tab does
    expect(await leftAfterClose).toEqual({ id: cyInfo.id });
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('refuses a participant over the cap with "Room is full (3/3)" and keeps the others', async () => {
    const room = freshRoom();
    const sockets = await Promise.all([1, 2, 3, 4].map(() => connect(server)));
    for (const [index, socket] of sockets.slice(0, 3).entries()) await joined(socket, room, `P${index}`);
    const refused = await join(sockets[3]!, room, 'Late');
    expect(refused).toEqual({ ok: false, error: { code: 'room-full', message: 'Room is full (3/3)', details: { max: 3 } } });
    const stillThere = await connect(server);
    expect((await join(stillThere, room, 'Another')).ok).toBe(false);
    sockets[0]!.disconnect();
    await sleep(100);
    expect((await join(sockets[3]!, room, 'Late')).ok).toBe(true);
  });

  it('refuses a second join on the same connection', async () => {
    const socket = await connect(server);
    await joined(socket, freshRoom(), 'Ada');
    const again = await join(socket, freshRoom(), 'Ada');
    expect(again.ok === false && again.error.code).toBe('already-joined');
  });

  it('answers concurrent joins from one connection once', async () => {
    const socket = await connect(server);
    const room = freshRoom();
    const results = await Promise.all([join(socket, room, 'A'), join(socket, room, 'A')]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    await expect(server.store.members(room).then((m) => m.length)).resolves.toBe(1);
  });
});

describe('relay', () => {
  it('relays only inside the room, with the sender stamped by the server', async () => {
    const room = freshRoom();
    const [ada, bob, eve] = await Promise.all([connect(server), connect(server), connect(server)]);
    const adaInfo = (await joined(ada, room, 'Ada')).self;
    const bobInfo = (await joined(bob, room, 'Bob')).self;
    await joined(eve, freshRoom(), 'Eve');
    const eveSignals = collect(eve, 'signal');

    const received = nextEvent(bob, 'signal');
    ada.emit('signal', { to: bobInfo.id, description: OFFER });
    expect(await received).toEqual({ from: adaInfo.id, seq: 1, description: OFFER });

    const candidate = { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    const receivedCandidate = nextEvent(ada, 'signal');
    bob.emit('signal', { to: adaInfo.id, candidate });
    expect(await receivedCandidate).toEqual({ from: bobInfo.id, seq: 1, candidate });

    // Eve, in another room, cannot reach Ada even knowing her id.
    const refusal = nextRejection(eve);
    const adaSignals = collect(ada, 'signal');
    eve.emit('signal', { to: adaInfo.id, description: OFFER });
    expect((await refusal).error.code).toBe('peer-not-found');
    await sleep(200);
    expect(adaSignals).toEqual([]);
    expect(eveSignals).toEqual([]);
  });

  it('never lets a client name the sender', async () => {
    const room = freshRoom();
    const [ada, bob, cy] = await Promise.all([connect(server), connect(server), connect(server)]);
    const adaInfo = (await joined(ada, room, 'Ada')).self;
    const bobInfo = (await joined(bob, room, 'Bob')).self;
    await joined(cy, room, 'Cy');
    const bobSignals = collect(bob, 'signal');

    const refusal = nextRejection(cy);
    cy.emit('signal', { to: bobInfo.id, from: adaInfo.id, description: OFFER } as never);
    expect((await refusal).error.code).toBe('invalid-message');
    await sleep(200);
    expect(bobSignals).toEqual([]);
  });

  it('refuses signals before joining and to oneself', async () => {
    const loner = await connect(server);
    const before = nextRejection(loner);
    loner.emit('signal', { to: 'AAAAAAAAAAAAAAAAAAAAAA', description: OFFER });
    expect((await before).error.code).toBe('not-in-room');

    const self = (await joined(loner, freshRoom(), 'Me')).self;
    const toSelf = nextRejection(loner);
    loner.emit('signal', { to: self.id, description: OFFER });
    expect((await toSelf).error.code).toBe('peer-not-found');
  });
});

describe('bad input', () => {
  it('answers every malformed message with an error code and keeps serving', async () => {
    const socket = await connect(server);
    const emitRaw = socket.emit.bind(socket) as (event: string, ...args: unknown[]) => void;
    const cases: Array<[string, unknown[], string]> = [
      ['join', [{ room: 'bad room!', name: 'x' }], 'invalid-message'],
      ['join', [{ room: 'ok' }], 'invalid-message'],
      ['join', ['just a string'], 'invalid-message'],
      ['join', [null], 'invalid-message'],
      ['join', [], 'invalid-message'],
      ['signal', [{ to: 42, description: OFFER }], 'invalid-message'],
      ['signal', [{ to: 'AAAAAAAAAAAAAAAAAAAAAA', description: { type: 'offer', sdp: 7 } }], 'invalid-message'],
      ['bogus', [{}], 'unknown-event'],
      ['__proto__', [{}], 'unknown-event'],
      ['signal', [{ to: 'AAAAAAAAAAAAAAAAAAAAAA', description: { type: 'offer', sdp: 'x'.repeat(70 * 1024) } }], 'message-too-large'],
    ];
    for (const [event, args, code] of cases) {
      const refusal = nextRejection(socket);
      emitRaw(event, ...args);
      expect((await refusal).error.code, `${event} ${JSON.stringify(args).slice(0, 60)}`).toBe(code);
    }
    // With an ack, the refusal comes back on the ack.
    const acked = await socket.timeout(2_000).emitWithAck('join', { room: '', name: 'x' });
    expect(acked).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    const oversizedAck = await (socket.timeout(2_000) as unknown as { emitWithAck: (...a: unknown[]) => Promise<unknown> }).emitWithAck(
      'join',
      { room: 'r', name: 'x'.repeat(66 * 1024) },
    );
    expect(oversizedAck).toMatchObject({ ok: false, error: { code: 'message-too-large' } });

    // The same connection still works.
    expect((await join(socket, freshRoom(), 'Still here')).ok).toBe(true);
  });

  it('drops a connection that sends a frame over 1 MiB, and nobody else notices', async () => {
    const room = freshRoom();
    const [ada, bob] = await Promise.all([connect(server), connect(server)]);
    await joined(ada, room, 'Ada');
    const bobInfo = (await joined(bob, room, 'Bob')).self;
    const flooder = await connect(server);
    const gone = new Promise((resolve) => flooder.once('disconnect', resolve));
    (flooder.emit as (event: string, ...args: unknown[]) => void)('signal', { blob: 'x'.repeat(2 * 1024 * 1024) });
    await gone;

    const received = nextEvent(bob, 'signal');
    ada.emit('signal', { to: bobInfo.id, description: OFFER });
    expect((await received).description).toEqual(OFFER);
  });
});
