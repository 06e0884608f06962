import type { SfuLayerRequest } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { waitFor } from '@parley/testkit';
import { sfuServerPerFile } from '../support/sfuServer.js';
import '../support/wrtc.js'; // waits for libwebrtc's native teardown at the end of the file

/**
 * The downlink cap wired end to end: a real room on a real Janus, where one subscriber's
 * connection reports loss. Loopback loses nothing and the tests have no way to drop packets on
 * it, so the loss is added to what that connection's getStats reports; everything from there on
 * (sampling, the cap, the layer requests to the server) is the real code.
 */
const sfu = sfuServerPerFile(() => ({ meshMax: 2 }));

describe('the layer received through the SFU', () => {
  it('steps every camera down on sustained loss at the receiver, and back up once it is clean', async () => {
    const roomId = `cap-${Date.now()}`;
    const ana = await sfu.enter(roomId, 'Ana');
    await sfu.enter(roomId, 'Ben');
    await sfu.enter(roomId, 'Cai');
    await waitFor(() => ana.participants.size === 2 && [...ana.participants.values()].every((p) => p.viaSfu), {
      what: 'Ana on SFU media',
      timeoutMs: 30_000,
    });

    // What Ana asks the server's SFU bridge for (after the router has validated and guarded it).
    const asked: SfuLayerRequest[] = [];
    const bridge = sfu.server.sfu!;
    const realLayer = bridge.layer.bind(bridge);
    bridge.layer = (socket, member, request) => {
      if (member.participantId === ana.self!.id) asked.push(request);
      return realLayer(socket, member, request);
    };
    const subscriber = ana.sfuConnections!.subscriber;
    const cameraMids = new Set([...ana.participants.values()].map((p) => subscriberMidOfCamera(subscriber, p.stream.getVideoTracks()[0]!)));

    // About 10 % of video lost from now on (11 extra lost per 100 received), on top of what really happens.
    const realGetStats = subscriber.getStats.bind(subscriber);
    let lossy = true;
    const receivedWhenLossBegan = new Map<string, number>();
    const extraLost = new Map<string, number>();
    subscriber.getStats = async (...args: Parameters<RTCPeerConnection['getStats']>) => {
      const report = await realGetStats(...args);
      const adjusted = new Map<string, Record<string, unknown>>();
      report.forEach((stat: Record<string, unknown>) => {
        const id = String(stat.id);
        if (stat.type !== 'inbound-rtp' || stat.kind !== 'video') return void adjusted.set(id, stat);
        const received = Number(stat.packetsReceived ?? 0);
        if (!receivedWhenLossBegan.has(id)) receivedWhenLossBegan.set(id, received);
        // Once the loss stops, the extra count stays where it was: the intervals after it are clean.
        if (lossy) extraLost.set(id, Math.round((received - receivedWhenLossBegan.get(id)!) * 0.11));
        adjusted.set(id, { ...stat, packetsLost: Number(stat.packetsLost ?? 0) + (extraLost.get(id) ?? 0) });
      });
      return adjusted;
    };

    // The requests reach the server a moment after the cap changes.
    const askedOf = (mid: string) => asked.filter((request) => request.mid === mid).map((request) => request.substream);
    await waitFor(() => ana.sfuReceiveCap === 'low' && [...cameraMids].every((mid) => askedOf(mid).length >= 2), {
      what: 'the cap to reach the low layer',
      timeoutMs: 20_000,
    });
    // Each camera was asked down, to medium then low.
    for (const mid of cameraMids) {
      expect(askedOf(mid)).toEqual([1, 0]);
    }

    lossy = false;
    await waitFor(() => ana.sfuReceiveCap === 'medium' && [...cameraMids].every((mid) => askedOf(mid).length >= 3), {
      what: 'the cap to step back up after 10 s clean',
      timeoutMs: 20_000,
    });
    for (const mid of cameraMids) expect(askedOf(mid)).toEqual([1, 0, 1]);
  }, 90_000);
});

/** The mid of the subscriber's transceiver that receives `track`. */
function subscriberMidOfCamera(pc: RTCPeerConnection, track: MediaStreamTrack): string {
  return pc.getTransceivers().find((transceiver) => transceiver.receiver.track === track)!.mid!;
}
