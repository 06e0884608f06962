import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { waitFor } from '@parley/testkit';
import { Room } from '../../src/Room.js';
import { E2eeHub } from '../../src/e2ee/E2eeHub.js';
import { E2eeIdentity } from '../../src/e2ee/identity.js';
import { StreamSlot } from '../../src/e2ee/E2eeKeyring.js';
import type { EncodedFrame } from '../../src/e2ee/frameTransforms.js';
import { webrtc } from '../support/wrtc.js';
import { inProcessFrameWorker } from './inProcessFrameWorker.js';

let server: ParleyServer;
const rooms: Room[] = [];
beforeAll(async () => {
  server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', maxParticipants: 6 }));
  await server.listen();
});
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((room) => room.leave()));
});
afterAll(async () => {
  await server.close();
});

/** Someone in the room with a key exchange and a frame worker of their own (SDK in Node, real server, real data channels). */
async function person(roomId: string, name: string) {
  const room = new Room({ serverUrl: server.url(), roomId, name, webrtc });
  rooms.push(room);
  const worker = inProcessFrameWorker();
  const refused: string[] = [];
  const hub = new E2eeHub(room, worker.client, await E2eeIdentity.create());
  hub.on('refused', (_, reason) => refused.push(reason));
  await room.join();
  return { name, room, hub, worker, refused };
}
type Person = Awaited<ReturnType<typeof person>>;

const frame = (seed: number): EncodedFrame => ({ type: 'delta', data: new Uint8Array(300).map((_, i) => (i + seed) & 0xff).buffer });
const camera = { side: 'send', kind: 'video', slot: StreamSlot.camera } as const;
const receive = { side: 'receive', kind: 'video' } as const;
/** How many of `frames`, sent by `from` now, `to` can decrypt. */
async function readable(from: Person, to: Person, sent: EncodedFrame[]): Promise<number> {
  return (await to.worker.pass(receive, sent)).length;
}
const codesAgree = (people: Person[], size: number) =>
  people.every((p) => p.hub.safetyCode !== null && p.hub.safetyCode === people[0]!.hub.safetyCode) &&
  people.every((p) => p.room.participants.size === size - 1);

describe('E2EE key exchange in a room (SDK in Node, real server, real data channels)', () => {
  it('agrees on one safety code, and gives new keys when someone joins and when someone leaves', async () => {
    const roomId = `e2ee-${Date.now()}`;
    const ada = await person(roomId, 'Ada');
    const bob = await person(roomId, 'Bob');
    await waitFor(() => codesAgree([ada, bob], 2), { what: 'one code for Ada and Bob', timeoutMs: 10_000 });
    const codeOfTwo = ada.hub.safetyCode;
    await expect.poll(async () => readable(ada, bob, await ada.worker.pass(camera, [frame(1)])), { timeout: 5_000 }).toBe(1);
    const beforeCyd = await ada.worker.pass(camera, [frame(2)]);

    const cyd = await person(roomId, 'Cyd');
    await waitFor(() => codesAgree([ada, bob, cyd], 3), { what: 'one code for three', timeoutMs: 10_000 });
    expect(cyd.hub.safetyCode).not.toBe(codeOfTwo);
    await expect.poll(async () => readable(ada, cyd, await ada.worker.pass(camera, [frame(3)])), { timeout: 5_000 }).toBe(1);
    // What Ada sent before Cyd came stays unreadable to her.
    expect(await readable(ada, cyd, beforeCyd)).toBe(0);
    expect(await readable(ada, bob, await ada.worker.pass(camera, [frame(4)]))).toBe(1);

    // Cyd leaves: Ada's next frames are Bob's to read, not Cyd's (her worker still has every key she was given).
    await cyd.room.leave();
    await waitFor(() => codesAgree([ada, bob], 2) && ada.hub.safetyCode === codeOfTwo, {
      what: 'the code of two again',
      timeoutMs: 10_000,
    });
    await ada.hub.settled();
    const afterCyd = await ada.worker.pass(camera, [frame(5)]);
    expect(await readable(ada, cyd, afterCyd)).toBe(0);
    await expect.poll(async () => readable(ada, bob, await ada.worker.pass(camera, [frame(6)])), { timeout: 5_000 }).toBe(1);
    expect([...ada.refused, ...bob.refused, ...cyd.refused]).toEqual([]);
  });

  it('starts the exchange again on a rebuilt link (the same person, a new connection): one code, readable frames', async () => {
    const roomId = `e2ee-rebuild-${Date.now()}`;
    const ada = await person(roomId, 'Ada');
    const bob = await person(roomId, 'Bob');
    await waitFor(() => codesAgree([ada, bob], 2), { what: 'one code for Ada and Bob', timeoutMs: 10_000 });
    const code = ada.hub.safetyCode;
    const bobAtAda = ada.room.participants.get(bob.room.self!.id)!;
    const oldLink = bobAtAda.link;
    // As after three failed ICE restarts: Ada replaces her link, and Bob, offered by another connection, his.
    (oldLink as unknown as { emit(event: 'rebuild-needed'): void }).emit('rebuild-needed');
    await waitFor(() => ada.room.participants.get(bob.room.self!.id)?.link !== oldLink, { what: 'a new link', timeoutMs: 5_000 });
    await waitFor(() => codesAgree([ada, bob], 2), { what: 'one code again', timeoutMs: 10_000 });
    expect(ada.hub.safetyCode).toBe(code); // the same two people
    await expect.poll(async () => readable(ada, bob, await ada.worker.pass(camera, [frame(7)])), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => readable(bob, ada, await bob.worker.pass(camera, [frame(8)])), { timeout: 10_000 }).toBe(1);
    expect([...ada.refused, ...bob.refused]).toEqual([]);
  });

  it('takes the keys of two who join at the same moment while its own frame worker answers nothing (a page starved of CPU)', async () => {
    const roomId = `e2ee-starved-${Date.now()}`;
    const ada = await person(roomId, 'Ada');
    const bob = await person(roomId, 'Bob');
    const cyd = await person(roomId, 'Cyd');
    await waitFor(() => codesAgree([ada, bob, cyd], 3), { what: 'one code for three', timeoutMs: 10_000 });
    await ada.hub.settled();

    ada.worker.holdReplies();
    const [dan, eve] = await Promise.all([person(roomId, 'Dan'), person(roomId, 'Eve')]);
    // Her identity goes to them at once, their keys come back, and her worker is sent them, all
    // while it has answered nothing since they came (its answers were seen 13 s late in a browser).
    const keysSent = (to: Person, from: Person) =>
      to.worker.requests.filter((request) => request.type === 'add-key' && request.participantId === from.room.self!.id).length;
    await waitFor(() => keysSent(ada, dan) > 0 && keysSent(ada, eve) > 0, {
      what: "Dan's and Eve's keys sent to Ada's silent worker",
      timeoutMs: 15_000,
    });
    ada.worker.releaseReplies();

    const everyone = [ada, bob, cyd, dan, eve];
    await waitFor(() => codesAgree(everyone, 5), { what: 'one code for five', timeoutMs: 15_000 });
    for (const from of everyone) {
      for (const to of everyone.filter((person) => person !== from)) {
        await expect
          .poll(async () => readable(from, to, await from.worker.pass(camera, [frame(9)])), {
            timeout: 10_000,
            message: `${to.name} reads ${from.name}`,
          })
          .toBe(1);
      }
    }
    expect(everyone.flatMap((person) => person.refused)).toEqual([]);
  });
});
