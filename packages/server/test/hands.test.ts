import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, ModerateRequest } from '@parley/protocol';
import type { ParleyServer } from '../src/server.js';
import { closeAllClients, connect, joined, nextEvent, startServer, type TestClient } from './support/harness.js';

let server: ParleyServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => closeAllClients());
afterAll(async () => server.close());

let counter = 0;
const freshRoom = (): string => `hands-${Date.now()}-${counter++}`;

const hand = (socket: TestClient, raised: boolean): Promise<Ack<null>> => socket.timeout(5_000).emitWithAck('hand', { raised });
const moderate = (socket: TestClient, request: ModerateRequest): Promise<Ack<null>> =>
  socket.timeout(5_000).emitWithAck('moderate', request);
const order = (queue: ReadonlyArray<{ id: string }>): string[] => queue.map((entry) => entry.id);

describe('raised hands', () => {
  it('queue in the order raised, the same for everyone; raising twice keeps the place; a newcomer gets the queue', async () => {
    const room = freshRoom();
    const [ada, bob, cyd] = await Promise.all([connect(server), connect(server), connect(server)]);
    const a = await joined(ada, room, 'Ada');
    const b = await joined(bob, room, 'Bob');
    const c = await joined(cyd, room, 'Cyd');
    expect(c.raisedHands).toEqual([]);

    const first = nextEvent(ada, 'raised-hands');
    expect(await hand(cyd, true)).toEqual({ ok: true, value: null });
    expect(order((await first).queue)).toEqual([c.self.id]);
    const second = nextEvent(ada, 'raised-hands');
    await hand(bob, true);
    expect(order((await second).queue)).toEqual([c.self.id, b.self.id]);
    await hand(cyd, true); // already up: no change, no event
    const third = nextEvent(bob, 'raised-hands');
    await hand(ada, true);
    expect(order((await third).queue)).toEqual([c.self.id, b.self.id, a.self.id]);

    const dan = await connect(server);
    expect(order((await joined(dan, room, 'Dan')).raisedHands ?? [])).toEqual([c.self.id, b.self.id, a.self.id]);
  });

  it('the host lowers anyone’s hand; a guest may lower only their own; a departure takes its hand down', async () => {
    const room = freshRoom();
    const [ada, bob, cyd] = await Promise.all([connect(server), connect(server), connect(server)]);
    await joined(ada, room, 'Ada');
    const b = await joined(bob, room, 'Bob');
    const c = await joined(cyd, room, 'Cyd');
    await hand(bob, true);
    await hand(cyd, true);

    expect(await moderate(cyd, { action: 'lower-hand', id: b.self.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const lowered = nextEvent(cyd, 'raised-hands');
    expect(await moderate(ada, { action: 'lower-hand', id: b.self.id })).toEqual({ ok: true, value: null });
    expect(order((await lowered).queue)).toEqual([c.self.id]);

    const gone = nextEvent(ada, 'participant-left');
    cyd.disconnect();
    expect(await gone).toEqual({ id: c.self.id });
    const eve = await connect(server);
    const snapshot = await joined(eve, room, 'Eve');
    expect(snapshot.participants.map((p) => p.name)).not.toContain('Cyd');
    expect(snapshot.raisedHands).toEqual([]);
  });

  it('refuses a malformed hand request with a clear error', async () => {
    const room = freshRoom();
    const ada = await connect(server);
    await joined(ada, room, 'Ada');
    const refused = await ada.timeout(5_000).emitWithAck('hand', { raised: 'yes' } as unknown as { raised: boolean });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
  });
});
