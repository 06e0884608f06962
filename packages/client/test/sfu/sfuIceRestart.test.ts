import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoturn, type Coturn } from '@parley/testkit';
import { countFrames } from '../../../server/test/support/wrtcMedia.js';
import { waitFor } from '@parley/testkit';
import type { LinkConnectionState } from '../../src/IceRestart.js';
import { type Room } from '../../src/Room.js';
import { sfuServerPerFile } from '../support/sfuServer.js';
import '../support/wrtc.js'; // waits for libwebrtc's native teardown at the end of the file

/**
 * SFU connections recover from a lost network path by ICE restart: a real Parley server, a real
 * Janus and a real coturn on this machine, three participants in Node (libwebrtc) that may only
 * use the TURN relay, so every path to Janus goes through coturn. Stopping coturn breaks both SFU
 * connections of everyone (their relay allocations are gone); starting it again on the same port
 * lets ICE restarts (publisher: our offer as a VideoRoom `configure`; subscriber: Janus's offer
 * after `configure` with `restart: true`) find a path again, without anyone publishing afresh.
 */
let coturn: Coturn;

/**
 * The address Janus gathers its host candidate on: this machine's first non-loopback IPv4 (Janus
 * skips loopback interfaces, whatever its ice_enforce_list says). coturn relays on it too, so
 * Janus pairs its candidate with ours; every packet still stays on this machine.
 */
function ownAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry?.family === 'IPv4' && !entry.internal)?.address;
  if (!address) throw new Error('no non-loopback IPv4 address: Janus would have no host candidate either');
  return address;
}

beforeAll(async () => {
  coturn = await startCoturn({ relayIp: ownAddress() });
}, 30_000);
// Registered after coturn's hooks: started once coturn runs, stopped before it is.
afterAll(async () => {
  await coturn?.close();
});
const sfu = sfuServerPerFile(() => ({ meshMax: 2, turnUrls: [coturn.urls.udp], turnSecret: coturn.secret, iceTransportPolicy: 'relay' }));
const people = sfu.people;
const enter = sfu.enter;

const ufrag = (pc: RTCPeerConnection): string | undefined => /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1];

/** The local candidate type of the selected pair (`relay` when the path goes through coturn). */
async function selectedCandidateType(pc: RTCPeerConnection): Promise<string | undefined> {
  const stats = [...(await pc.getStats()).values()] as Array<Record<string, unknown>>;
  const pair = stats.find((s) => s.type === 'candidate-pair' && (s.selected === true || s.nominated === true) && s.state === 'succeeded');
  return stats.find((s) => s.id === pair?.localCandidateId)?.candidateType as string | undefined;
}

/** Audio packets received on a connection so far (inbound-rtp, W3C webrtc-stats §6.3). */
async function audioPacketsReceived(pc: RTCPeerConnection): Promise<number> {
  let packets = 0;
  (await pc.getStats()).forEach((stat: Record<string, unknown>) => {
    if (stat.type === 'inbound-rtp' && stat.kind === 'audio') packets += Number(stat.packetsReceived ?? 0);
  });
  return packets;
}

/** Every remote video each room shows decodes `frames` new frames; resolves when all have. */
async function everyoneSeesEveryone(rooms: Room[], frames: number, ms: number): Promise<void> {
  const counters = rooms.flatMap((room) => [...room.participants.values()].map((p) => countFrames(p.stream.getVideoTracks()[0]!)));
  try {
    await waitFor(() => counters.every((counter) => counter.count >= frames), {
      what: `${frames} new frames of every remote video`,
      timeoutMs: ms,
    });
  } finally {
    for (const counter of counters) counter.stop();
  }
}

describe('SFU connections when the path to Janus breaks', () => {
  it('restart ICE on both connections when coturn comes back: media flows again, same sessions, no rejoin', async () => {
    const roomId = `sfu-ice-${Date.now()}`;
    const rooms: Room[] = [];
    for (const name of ['Ana', 'Ben', 'Cai']) rooms.push(await enter(roomId, name));
    await waitFor(() => rooms.every((room) => room.mode === 'sfu'), { what: 'every room in SFU mode', timeoutMs: 10_000 });
    await waitFor(() => rooms.every((room) => room.participants.size === 2 && [...room.participants.values()].every((p) => p.viaSfu)), {
      what: 'every tile on SFU media',
      timeoutMs: 45_000,
    });
    await everyoneSeesEveryone(rooms, 5, 20_000);
    for (const room of rooms) {
      const { publisher, subscriber } = room.sfuConnections!;
      expect(await selectedCandidateType(publisher), `${room.self?.name}'s publisher`).toBe('relay');
      expect(await selectedCandidateType(subscriber), `${room.self?.name}'s subscriber`).toBe('relay');
    }

    // What must survive: the participants, their ids, the SFU connections themselves (a fallback
    // to publishing afresh would replace them), and the signaling connection (no rejoin).
    const before = rooms.map((room) => ({
      self: room.self!.id,
      others: [...room.participants.keys()].sort(),
      ...room.sfuConnections!,
      ufrags: [ufrag(room.sfuConnections!.publisher), ufrag(room.sfuConnections!.subscriber)],
    }));
    const shown: LinkConnectionState[][] = rooms.map(() => []);
    const signaling: string[] = [];
    rooms.forEach((room, index) => {
      // The tiles of people seen through the SFU show the subscriber connection's state.
      room.on('connection-state', ({ participant }) => {
        if (participant.viaSfu) shown[index]!.push(participant.connectionState);
      });
      room.on('signaling-state', (state) => signaling.push(state));
    });

    await coturn.stop();
    await waitFor(() => rooms.every((room) => [...room.participants.values()].every((p) => p.connectionState === 'reconnecting')), {
      what: 'every SFU tile reconnecting',
      timeoutMs: 20_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // restarts are tried (and fail) while it is down
    const audioBefore = await Promise.all(rooms.map((room) => audioPacketsReceived(room.sfuConnections!.subscriber)));
    await coturn.start();
    const back = Date.now();

    await everyoneSeesEveryone(rooms, 5, 30_000);
    const recoveryMs = Date.now() - back;
    await waitFor(
      async () =>
        (await Promise.all(rooms.map((room) => audioPacketsReceived(room.sfuConnections!.subscriber)))).every(
          (n, i) => n > audioBefore[i]! + 20,
        ),
      { what: 'audio packets advancing again', timeoutMs: 10_000 },
    );
    await waitFor(() => rooms.every((room) => [...room.participants.values()].every((p) => p.connectionState === 'connected')), {
      what: 'every SFU tile connected again',
      timeoutMs: 10_000,
    });

    rooms.forEach((room, index) => {
      const was = before[index]!;
      const now = room.sfuConnections!;
      expect(room.self!.id).toBe(was.self);
      expect([...room.participants.keys()].sort()).toEqual(was.others);
      // Recovered by ICE restart on the same connections: new credentials on both.
      expect(now.publisher).toBe(was.publisher);
      expect(now.subscriber).toBe(was.subscriber);
      expect(ufrag(now.publisher)).not.toBe(was.ufrags[0]);
      expect(ufrag(now.subscriber)).not.toBe(was.ufrags[1]);
      expect(shown[index]).toContain('reconnecting');
      expect(shown[index]!.at(-1)).toBe('connected');
    });
    for (const room of rooms) expect(await selectedCandidateType(room.sfuConnections!.subscriber)).toBe('relay');
    expect(people.all.flatMap(({ left }) => left)).toEqual([]);
    expect(signaling).toEqual([]);
    console.info(`[sfu-ice-restart] media through Janus flowing again ${recoveryMs} ms after coturn restarted`);
  }, 150_000);
});
