import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { isParleyError } from '@parley/protocol';
import { Room } from '../../src/Room.js';
import { webrtc } from '../support/wrtc.js';

let server: ParleyServer;
const rooms: Room[] = [];
beforeAll(async () => {
  server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', maxConnectionsPerIp: 1 }));
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
    const small = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', maxRooms: 1 }));
    await small.listen();
    try {
      const ada = new Room({ serverUrl: small.url(), roomId: 'rooms-first', name: 'Ada', webrtc });
      const cy = new Room({ serverUrl: small.url(), roomId: 'rooms-second', name: 'Cy', webrtc });
      rooms.push(ada, cy);
      await ada.join();
      const refusal = await refusalOf(cy.join());
      expect(refusal.code).toBe('too-many-rooms');
      expect(refusal.message).toMatch(/limit of 1 meeting\./);
    } finally {
      await small.close();
    }
  });
});
