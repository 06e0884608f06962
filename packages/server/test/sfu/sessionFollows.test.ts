import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyServer } from '../../src/server.js';
import { closeAllClients, collect, connect, startServer, type TestClient } from '../support/harness.js';
import { JanusServer, RedisServer, waitFor } from '@parley/testkit';
import { NodeProcess } from '../support/nodeProcess.js';
import { advancing, enterSfuRoom, janusParticipants, sfuParticipant } from '../support/sfuRoom.js';

/**
 * A participant's SFU session belongs to the participant, not to one signaling connection. A
 * blip of that connection (a stalled page, a network change) ends with the client back over a
 * new one; its media to and from Janus never stopped, so it must carry on: the server sends
 * what it has for them the new way, and Janus never holds them twice.
 */
let janus: JanusServer;
let server: ParleyServer;
let redis: RedisServer | null = null;
const nodes: NodeProcess[] = [];

beforeAll(async () => {
  janus = await JanusServer.start();
  server = await startServer({ janusUrls: [janus.url], meshMax: 1 });
}, 30_000);

afterEach(async () => {
  closeAllClients();
  await Promise.all(nodes.splice(0).map((node) => node.kill()));
});

afterAll(async () => {
  await server?.close();
  await redis?.stop();
  await janus?.stop();
});

/** Joins again over `socket` with the resume token of the session `snapshot` began. */
function resume(socket: TestClient, room: string, snapshot: { resumeToken?: string }) {
  return socket.timeout(10_000).emitWithAck('join', { room, name: 'Bob', resume: snapshot.resumeToken! });
}

describe('an SFU session when its participant comes back over a new signaling connection', () => {
  it('carries on on the same node: media flows both ways, and an offer the old connection never answered is made again', async () => {
    const room = `follow-${Date.now()}`;
    const ada = await enterSfuRoom(server, room, 'Ada');
    const bob = await enterSfuRoom(server, room, 'Bob');
    for (const person of [ada, bob]) await person.publish();
    const janusRoom = (await server.store.update(room, (state) => state.sfu?.janusRoom))!;
    await waitFor(async () => (await ada.received.framesFrom(bob.id)) > 10 && (await bob.received.framesFrom(ada.id)) > 10, {
      what: 'Ada and Bob receive each other through Janus',
      timeoutMs: 30_000,
    });

    // Bob's page stalls: his connection stays open but answers nothing. Cyd arrives meanwhile,
    // and the offer to receive her goes to the stalled connection.
    bob.socket.off('sfu-offer');
    const unanswered = collect(bob.socket, 'sfu-offer');
    const cyd = await enterSfuRoom(server, room, 'Cyd');
    await cyd.publish();
    await waitFor(() => unanswered.length > 0, { what: 'the offer of Cyd to Bob', timeoutMs: 20_000 });

    // His client gives up on that connection and resumes over a new one, while the server still holds the old one.
    const bobAgain = await connect(server);
    bob.received.follow(bobAgain);
    const resumed = await resume(bobAgain, room, bob.snapshot);
    expect(resumed).toMatchObject({ ok: true, value: { resumed: true, sfuSession: 1, self: { id: bob.id } } });
    await waitFor(() => bob.socket.disconnected, { what: "Bob's old connection retired", timeoutMs: 5_000 });

    // The offer comes again over the new connection; Bob receives Cyd, and Ada and Bob never stopped.
    await waitFor(async () => (await bob.received.framesFrom(cyd.id)) > 5, { what: 'Bob receives Cyd', timeoutMs: 30_000 });
    expect(await advancing(() => ada.received.framesFrom(bob.id)), 'Ada still receives Bob').toBe(true);
    expect(await advancing(() => bob.received.framesFrom(ada.id)), 'Bob still receives Ada').toBe(true);
    expect((await janusParticipants(janus.url, janusRoom)).sort()).toEqual([ada.id, bob.id, cyd.id].sort());
    for (const person of [ada, bob, cyd]) person.stop();
  }, 120_000);

  it('ends on the node left behind when another node takes them: they publish afresh there, and Janus holds them once', async () => {
    redis = await RedisServer.start();
    const env = {
      PARLEY_REDIS_URL: redis.url,
      PARLEY_SECRET: randomBytes(32).toString('hex'),
      PARLEY_JANUS_URLS: janus.url,
      PARLEY_MESH_MAX: '2',
    };
    const first = await NodeProcess.start(env);
    nodes.push(first);
    const second = await NodeProcess.start(env);
    nodes.push(second);
    const room = `across-${Date.now()}`;
    const ada = await enterSfuRoom(first, room, 'Ada');
    const bob = await enterSfuRoom(first, room, 'Bob');
    // A third person (who only listens) takes the room past the smallest mesh threshold a node accepts.
    const cyd = await enterSfuRoom(first, room, 'Cyd');
    for (const person of [ada, bob]) await person.publish();
    await waitFor(async () => (await ada.received.framesFrom(bob.id)) > 10, { what: 'Ada receives Bob', timeoutMs: 30_000 });
    const client = redis.client();
    const record = JSON.parse((await client.get(`parley:room:${room}`)) ?? '{}') as { room?: { sfu?: { janusRoom: number } } };
    client.disconnect();
    const janusRoom = record.room?.sfu?.janusRoom;
    expect(janusRoom).toBeTypeOf('number');
    expect((await janusParticipants(janus.url, janusRoom!)).sort()).toEqual([ada.id, bob.id].sort());

    // Bob's client resumes through the second node: that node holds no SFU session of his.
    const bobAgain = await connect(second);
    const resumed = await resume(bobAgain, room, bob.snapshot);
    if (!resumed.ok) throw new Error(`resume refused: ${resumed.error.message}`);
    expect(resumed.value).toMatchObject({ resumed: true, self: { id: bob.id } });
    expect(resumed.value.sfuSession).toBeUndefined();
    // The first node lets go of the session his old connection held there...
    await waitFor(async () => !(await janusParticipants(janus.url, janusRoom!)).includes(bob.id), {
      what: "Bob's old session gone from the VideoRoom",
      timeoutMs: 15_000,
    });
    // ...and he publishes afresh through the second: Ada receives him again, from one feed.
    bob.stop();
    const again = sfuParticipant(bobAgain, resumed.value);
    await again.publish();
    await waitFor(async () => advancing(() => ada.received.framesFrom(bob.id), 1_000), {
      what: 'Ada receives Bob again',
      timeoutMs: 30_000,
    });
    expect((await janusParticipants(janus.url, janusRoom!)).sort()).toEqual([ada.id, bob.id].sort());
    for (const person of [ada, cyd, again]) person.stop();
  }, 120_000);
});
