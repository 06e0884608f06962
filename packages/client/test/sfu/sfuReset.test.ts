import { describe, expect, it } from 'vitest';
import { waitFor } from '@parley/testkit';
import type { Room } from '../../src/Room.js';
import { sfuServerPerFile } from '../support/sfuServer.js';
import { videoAdvances } from '../support/videoAdvances.js';
import '../support/wrtc.js'; // waits for libwebrtc's native teardown at the end of the file

/**
 * A subscription step that goes wrong must not leave someone blind to everyone who publishes
 * after it. Real Parley server, real Janus, participants in Node (libwebrtc); the room moves to
 * the SFU at its second person (PARLEY_MESH_MAX 1). Ana's subscriber connection is made to fail
 * on Janus's next offer, the way a busy or broken browser would: the offer is refused, or never
 * answered. Either way her SFU session starts over and she sees the newcomer, who sees her.
 */
const sfu = sfuServerPerFile(() => ({ meshMax: 1 }));

/** Everyone else's video at `room` comes through the SFU and decodes new frames. */
async function seesEveryoneThroughSfu(room: Room, count: number): Promise<void> {
  const others = () => [...room.participants.values()];
  await waitFor(() => others().length === count && others().every((p) => p.viaSfu), {
    what: `${room.self?.name} on SFU media of ${count}`,
    timeoutMs: 30_000,
  });
  for (const participant of others()) await videoAdvances(participant, `${participant.name}'s video at ${room.self?.name}`, 30_000);
}

/** Makes the next remote description given to `pc` fail as `fail` says. */
function breakNextOffer(pc: RTCPeerConnection, fail: () => Promise<void>): void {
  const original = pc.setRemoteDescription.bind(pc);
  let broken = false;
  pc.setRemoteDescription = (description: RTCSessionDescriptionInit) => {
    if (broken) return original(description);
    broken = true;
    return fail();
  };
}

describe('a failed SFU subscription step', () => {
  it.each([
    ['refused by the browser', () => Promise.reject(new Error('the browser could not apply the offer'))],
    ['never answered (the server gives up and tells her to start over)', () => new Promise<void>(() => undefined)],
  ])(
    'Janus offer %s: Ana publishes and subscribes afresh, and she and the newcomer see each other',
    async (_how, fail) => {
      const roomId = `sfu-reset-${Date.now()}`;
      const ana = await sfu.enter(roomId, 'Ana');
      const ben = await sfu.enter(roomId, 'Ben');
      await waitFor(() => ana.mode === 'sfu' && ben.mode === 'sfu', { what: 'the room on the SFU', timeoutMs: 10_000 });
      await seesEveryoneThroughSfu(ana, 1);
      const before = ana.sfuConnections!;
      breakNextOffer(before.subscriber, fail);

      const cai = await sfu.enter(roomId, 'Cai');
      // A fresh publisher and subscriber replace the broken ones.
      await waitFor(
        () => before.subscriber.connectionState === 'closed' && ana.sfuConnections?.subscriber.connectionState === 'connected',
        {
          what: "Ana's SFU session started over",
          // The server waits 30 s for an answer before it gives up on one.
          timeoutMs: 60_000,
        },
      );
      expect(ana.sfuConnections!.publisher).not.toBe(before.publisher);
      for (const [room, count] of [
        [ana, 2],
        [cai, 2],
        [ben, 2],
      ] as const)
        await seesEveryoneThroughSfu(room, count);
    },
    150_000,
  );

  it("what Ana's replaced SFU session still had in flight is ignored: its offer goes unanswered, its reset restarts nothing", async () => {
    const roomId = `sfu-stale-${Date.now()}`;
    const ana = await sfu.enter(roomId, 'Ana');
    const ben = await sfu.enter(roomId, 'Ben');
    await waitFor(() => ana.mode === 'sfu' && ben.mode === 'sfu', { what: 'the room on the SFU', timeoutMs: 10_000 });
    await seesEveryoneThroughSfu(ana, 1);
    const anaSocket = [...sfu.server.io.of('/').sockets.values()].find((socket) => socket.data.participantId === ana.self!.id)!;
    const first = ana.sfuConnections!;
    // The server closes her first session (as when an offer went unanswered): she starts session 2.
    anaSocket.emit('sfu-reset', { session: 1, reason: 'test: the first session is closed' });
    await waitFor(() => first.subscriber.connectionState === 'closed' && ana.sfuConnections?.subscriber.connectionState === 'connected', {
      what: "Ana's second SFU session",
      timeoutMs: 30_000,
    });
    const second = ana.sfuConnections!;
    const remoteOffer = second.subscriber.remoteDescription!.sdp;

    // Session 1's last words arrive late: an offer, a candidate, a reset.
    const staleAnswer = anaSocket
      .timeout(3_000)
      .emitWithAck('sfu-offer', { session: 1, offer: { type: 'offer', sdp: remoteOffer }, streams: [] })
      .then(
        () => 'answered',
        () => 'unanswered',
      );
    anaSocket.emit('sfu-candidate', { session: 1, connection: 'subscriber', candidate: null });
    anaSocket.emit('sfu-reset', { session: 1, reason: 'test: a late reset of the first session' });
    expect(await staleAnswer).toBe('unanswered');
    expect(ana.sfuConnections?.subscriber).toBe(second.subscriber);
    expect(ana.sfuConnections?.publisher).toBe(second.publisher);
    expect(second.subscriber.connectionState).toBe('connected');
    expect(second.subscriber.remoteDescription!.sdp).toBe(remoteOffer);
    await seesEveryoneThroughSfu(ana, 1);
    await seesEveryoneThroughSfu(ben, 1);
  }, 90_000);
});

describe('a publish the server does not answer', () => {
  it('is made again: Ana publishes afresh, and she and Ben see each other through the SFU', async () => {
    const roomId = `sfu-publish-${Date.now()}`;
    const ana = await sfu.enter(roomId, 'Ana');
    // Her first publish is never answered, as when Janus on a saturated machine took longer than she waits.
    const bridge = sfu.server.sfu!;
    const publish = bridge.publish.bind(bridge);
    const publishes = new Map<string, number>();
    bridge.publish = (socket, member, request) => {
      publishes.set(member.participantId, (publishes.get(member.participantId) ?? 0) + 1);
      if (member.participantId === ana.self!.id && publishes.get(member.participantId) === 1) return new Promise(() => undefined);
      return publish(socket, member, request);
    };
    const ben = await sfu.enter(roomId, 'Ben');
    const onSfu = (room: Room) => room.participants.size === 1 && [...room.participants.values()].every((p) => p.viaSfu);
    await waitFor(() => onSfu(ana) && onSfu(ben), {
      what: 'Ana and Ben on SFU media after her second publish',
      // She waits 20 s for an answer, then 1 s before she publishes again.
      timeoutMs: 60_000,
    });
    bridge.publish = publish;
    expect(publishes.get(ana.self!.id)).toBe(2);
    await seesEveryoneThroughSfu(ana, 1);
    await seesEveryoneThroughSfu(ben, 1);
  }, 120_000);
});
