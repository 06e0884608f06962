import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { isParleyError } from '@parley/protocol';
import { Room } from '../../src/Room.js';
import { webrtc } from '../support/wrtc.js';

let server: ParleyServer;
const rooms: Room[] = [];
beforeAll(async () => {
  server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', maxConnectionsPerIp: 1, maxRooms: 1 }));
  await server.listen();
});
afterAll(async () => {
  await Promise.all(rooms.map((room) => room.leave()));
  await server.close();
});

function person(roomId: string, name: string): Room {
  const room = new Room({ serverUrl: server.url(), roomId, name, webrtc, timeoutMs: 15_000 });
  rooms.push(room);
  return room;
}

async function refusalOf(join: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await join.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isParleyError(error)) throw new Error(`expected a ParleyError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe('limits as the SDK reports them', () => {
  it('a connection refused for its address fails the join at once with the reason, not a timeout', async () => {
    await person('refusals-a', 'Ada').join();
    const refusal = await refusalOf(person('refusals-a', 'Bob').join());
    expect(refusal.code).toBe('too-many-connections');
    expect(refusal.message).toMatch(/Too many connections from your address \(limit 1\)/);
  });

  it('a join beyond the room limit is refused with too-many-rooms', async () => {
    await Promise.all(rooms.splice(0).map((room) => room.leave()));
    await person('refusals-b', 'Ada').join();
    await rooms.splice(0)[0]!.leave();
    // The first room is gone; hold one open from another address-free angle: the server's own store.
    await server.store.join('held-open', { id: 'heldheldheld', name: 'Held', socketId: 'none', joinedAt: 0 }, 6);
    const refusal = await refusalOf(person('refusals-c', 'Cy').join());
    expect(refusal).toMatchObject({ code: 'too-many-rooms' });
    await server.store.leave('held-open', 'heldheldheld');
  });
});
