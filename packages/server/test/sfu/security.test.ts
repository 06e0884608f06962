import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyServer } from '../../src/server.js';
import { closeAllClients, collect, sleep, startServer } from '../support/harness.js';
import { waitFor } from '@parley/testkit';
import { JanusServer } from '@parley/testkit';
import { advancing, enterSfuRoom, janusParticipants as janusList } from '../support/sfuRoom.js';

/**
 * A participant the host removes from an SFU room is out of Janus too, both ways, even if their
 * client ignores the removal and keeps its connections open (an attacker would): their Janus
 * session is destroyed, nobody receives their media any more, they receive nobody's, and a
 * newcomer is never offered to them.
 */
let janus: JanusServer;
let server: ParleyServer;

beforeAll(async () => {
  janus = await JanusServer.start();
  server = await startServer({ janusUrls: [janus.url], meshMax: 1 });
}, 30_000);

/** Who is in the VideoRoom `janusRoom`, by Janus's own account. */
const janusParticipants = (janusRoom: number) => janusList(janus.url, janusRoom);

afterAll(async () => {
  closeAllClients();
  await server?.close();
  await janus?.stop();
});

const enter = (room: string, name: string) => enterSfuRoom(server, room, name);

describe('host removal in an SFU room', () => {
  it('takes the removed person out of Janus both ways, whatever their client does', async () => {
    const room = `removal-${Date.now()}`;
    const ada = await enter(room, 'Ada');
    const eve = await enter(room, 'Eve');
    const cyd = await enter(room, 'Cyd');
    // Past one person the room is on the SFU: everyone publishes there.
    for (const person of [ada, eve, cyd]) await person.publish();
    const janusRoom = (await server.store.update(room, (state) => state.sfu?.janusRoom))!;
    expect(janusRoom).toBeTypeOf('number');
    // On a timeout, say where each connection stood (a busy machine once left this unexplained).
    const states = () =>
      [ada, eve, cyd].map((p) => `${p.id.slice(0, 4)}: ${p.sent?.describe() ?? 'not publishing'}, ${p.received.describe()}`).join('; ');
    const explain = (error: Error) => {
      throw new Error(`${error.message}; ${states()}`);
    };
    await waitFor(async () => (await eve.received.framesFrom(ada.id)) > 10, { what: 'Eve receives Ada', timeoutMs: 30_000 }).catch(explain);
    await waitFor(async () => (await ada.received.framesFrom(eve.id)) > 10, { what: 'Ada receives Eve', timeoutMs: 30_000 }).catch(explain);
    expect((await janusParticipants(janusRoom)).sort()).toEqual([ada.id, eve.id, cyd.id].sort());

    // Eve's client ignores the removal: her socket and both connections stay open.
    const offersToEve = collect(eve.socket, 'sfu-offer');
    expect(await ada.socket.timeout(5_000).emitWithAck('moderate', { action: 'remove', id: eve.id })).toEqual({ ok: true, value: null });

    await waitFor(() => !server.sfu!.sessions.includes(eve.id), { what: 'Eve out of the SFU bridge', timeoutMs: 10_000 });
    await waitFor(async () => !(await janusParticipants(janusRoom)).includes(eve.id), {
      what: 'Eve out of the VideoRoom',
      timeoutMs: 10_000,
    });
    await sleep(1_000);
    expect(await advancing(() => eve.received.framesDecoded()), 'Eve still decodes the others').toBe(false);
    expect(await advancing(() => ada.received.framesFrom(eve.id)), 'Ada still decodes Eve').toBe(false);
    expect(await advancing(() => ada.received.framesFrom(cyd.id)), 'Ada no longer decodes Cyd').toBe(true);

    // A newcomer is offered to those in the room, never to Eve; Eve's SFU requests are refused.
    const dan = await enter(room, 'Dan');
    await dan.publish();
    await waitFor(async () => (await ada.received.framesFrom(dan.id)) > 5, { what: 'Ada receives Dan', timeoutMs: 30_000 });
    expect(offersToEve).toEqual([]);
    for (const request of [
      () => eve.socket.timeout(5_000).emitWithAck('sfu-restart', { connection: 'subscriber' }),
      () => eve.socket.timeout(5_000).emitWithAck('sfu-publish', { session: 1, offer: { type: 'offer', sdp: 'v=0' }, slots: [] }),
    ]) {
      expect(await request()).toMatchObject({ ok: false, error: { code: 'not-in-room' } });
    }

    // Everyone leaves: no Janus session is left on this node, and the VideoRoom is gone.
    for (const person of [ada, cyd, dan]) await person.socket.timeout(5_000).emitWithAck('leave', {});
    await waitFor(() => server.sfu!.sessions.length === 0, { what: 'no SFU session left', timeoutMs: 10_000 });
    // The last one out removes the VideoRoom after leaving Janus (SfuBridge.participantLeft): a
    // moment later on a busy machine, where it can still be there, empty.
    const videoRoomGone = () =>
      janusParticipants(janusRoom).then(
        () => false,
        () => true,
      );
    await waitFor(videoRoomGone, { what: 'the VideoRoom removed', timeoutMs: 10_000 });
    for (const person of [ada, eve, cyd, dan]) person.stop();
  }, 120_000);
});

describe('ICE candidates for the SFU', () => {
  it('are refused for a subscriber connection no offer was made for, however many come (nothing is held)', async () => {
    const room = `candidates-${Date.now()}`;
    const ada = await enter(room, 'Ada');
    const bo = await enter(room, 'Bo');
    // Ada publishes alone in the SFU room: nobody to subscribe to, so no subscriber offer to her.
    await ada.publish();
    const refusals = collect(ada.socket, 'rejected');
    const flood = 150;
    for (let i = 0; i < flood; i++) {
      ada.socket.emit('sfu-candidate', {
        connection: 'subscriber',
        candidate: { candidate: `candidate:${i} 1 udp 2122260223 127.0.0.1 ${10_000 + i} typ host`, sdpMid: '0', sdpMLineIndex: 0 },
      });
    }
    await waitFor(() => refusals.length === flood, { what: 'every candidate refused', timeoutMs: 10_000 });
    expect(new Set(refusals.map((refusal) => (refusal as { error: { code: string } }).error.code))).toEqual(new Set(['invalid-message']));
    // Ada's session still works: Bo publishes, Ada gets her subscriber offer and Bo's frames.
    await bo.publish();
    await waitFor(async () => (await ada.received.framesFrom(bo.id)) > 5, { what: 'Ada receives Bo', timeoutMs: 30_000 });
    // Each offer names the SFU session Ada opened with her publish (session 1).
    expect(ada.received.offers.length).toBeGreaterThan(0);
    expect(new Set(ada.received.offers.map((offer) => offer.session))).toEqual(new Set([1]));
    for (const person of [ada, bo]) person.stop();
  }, 60_000);
});
