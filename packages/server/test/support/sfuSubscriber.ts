import type { SfuCandidate, SfuOffer } from '@parley/protocol';
import type { TestClient } from './harness.js';
import { withMid } from './janusCandidate.js';
import { webrtc } from './wrtcMedia.js';

/**
 * Receives everyone else's media from the SFU over the socket, as the web client's subscriber
 * connection does: answers each `sfu-offer`, trickles candidates, and counts the video frames
 * decoded per publishing participant (from the m-line map each offer carries).
 */
export function subscribe(socket: TestClient): {
  pc: RTCPeerConnection;
  offers: SfuOffer[];
  framesFrom(participantId: string): Promise<number>;
  framesDecoded(): Promise<number>;
  /** The connection's states and what it was offered: for a failure message. */
  describe(): string;
  /** From now on, answers offers that come over `socket` (a new signaling connection of the same participant). */
  follow(socket: TestClient): void;
  stop(): void;
} {
  let current = socket;
  const pc = new webrtc.RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  const offers: SfuOffer[] = [];
  const owners = new Map<string, string>();
  pc.onicecandidate = ({ candidate }) => {
    current.emit('sfu-candidate', { connection: 'subscriber', candidate: candidate ? candidate.toJSON() : null } as SfuCandidate);
  };
  // Offers are answered one at a time, in order (a second offer may come while the first is
  // being answered: a newcomer publishing), and candidates wait for the offer they belong to.
  let answering = Promise.resolve();
  const early: RTCIceCandidateInit[] = [];
  const listen = (on: TestClient) => {
    on.on('sfu-candidate', ({ connection, candidate }) => {
      if (connection !== 'subscriber' || !candidate) return;
      if (pc.remoteDescription) void pc.addIceCandidate(withMid(pc, candidate)).catch(() => undefined);
      else early.push(candidate);
    });
    on.on('sfu-offer', (offer, ack) => {
      offers.push(offer);
      for (const stream of offer.streams) owners.set(stream.mid, stream.participant);
      answering = answering
        .then(async () => {
          await pc.setRemoteDescription(offer.offer);
          for (const candidate of early.splice(0)) await pc.addIceCandidate(withMid(pc, candidate)).catch(() => undefined);
          await pc.setLocalDescription(await pc.createAnswer());
          ack({ type: 'answer', sdp: pc.localDescription!.sdp });
        })
        .catch(() => undefined);
    });
  };
  listen(socket);
  const inbound = async (): Promise<{ mid: string; framesDecoded: number }[]> => {
    const stats = await pc.getStats();
    const mids = new Map(pc.getTransceivers().map((transceiver) => [transceiver.receiver.track.id, transceiver.mid]));
    const rows: { mid: string; framesDecoded: number }[] = [];
    stats.forEach((report: { type: string; kind?: string; trackIdentifier?: string; mid?: string; framesDecoded?: number }) => {
      if (report.type !== 'inbound-rtp' || report.kind !== 'video') return;
      const mid = report.mid ?? mids.get(report.trackIdentifier ?? '') ?? null;
      if (mid !== null) rows.push({ mid, framesDecoded: report.framesDecoded ?? 0 });
    });
    return rows;
  };
  return {
    pc,
    offers,
    async framesFrom(participantId) {
      return (await inbound()).filter((row) => owners.get(row.mid) === participantId).reduce((sum, row) => sum + row.framesDecoded, 0);
    },
    async framesDecoded() {
      return (await inbound()).reduce((sum, row) => sum + row.framesDecoded, 0);
    },
    describe() {
      const streams = offers.at(-1)?.streams.map((stream) => `${stream.mid}:${stream.participant.slice(0, 4)}`) ?? [];
      return `subscriber ${pc.connectionState}/${pc.iceConnectionState}/${pc.signalingState}, ${offers.length} offers, streams [${streams.join(' ')}]`;
    },
    follow(socket) {
      current = socket;
      listen(socket);
    },
    stop() {
      pc.close();
    },
  };
}
