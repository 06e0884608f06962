import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SfuCandidate } from '@parley/protocol';
import type { TestClient } from './harness.js';
import { withMid } from './janusCandidate.js';
import { movingCamera, toneMicrophone, webrtc } from './wrtcMedia.js';

/** Publishes a camera and a microphone from Node to the SFU over the socket, as the web client does. */
export async function publish(socket: TestClient): Promise<{
  pc: RTCPeerConnection;
  /** The connection's states and what came of Janus's candidates: for a failure message. */
  describe(): string;
  stop(): void;
}> {
  const camera = movingCamera();
  const mic = toneMicrophone();
  const pc = new webrtc.RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  const video = pc.addTransceiver(camera.track, { direction: 'sendonly' });
  const audio = pc.addTransceiver(mic.track, { direction: 'sendonly' });
  pc.onicecandidate = ({ candidate }) => {
    socket.emit('sfu-candidate', { connection: 'publisher', candidate: candidate ? candidate.toJSON() : null } as SfuCandidate);
  };
  // Janus may trickle before the publish ack brings its answer: hold its candidates until then.
  const held: RTCIceCandidateInit[] = [];
  const janusCandidates = { received: 0, added: 0, refused: [] as string[], ended: false };
  const add = (candidate: RTCIceCandidateInit) =>
    void pc.addIceCandidate(withMid(pc, candidate)).then(
      () => (janusCandidates.added += 1),
      (error: unknown) => janusCandidates.refused.push(String(error)),
    );
  socket.on('sfu-candidate', ({ connection, candidate }) => {
    if (connection !== 'publisher') return;
    if (!candidate) {
      janusCandidates.ended = true;
      return;
    }
    janusCandidates.received += 1;
    if (pc.remoteDescription) add(candidate);
    else held.push(candidate);
  });
  await pc.setLocalDescription(await pc.createOffer());
  const result = await socket.timeout(20_000).emitWithAck('sfu-publish', {
    session: 1,
    offer: { type: 'offer', sdp: pc.localDescription!.sdp },
    slots: [
      { mid: video.mid!, slot: 'camera' },
      { mid: audio.mid!, slot: 'mic' },
    ],
  });
  if (!result.ok) throw new Error(`publish refused: ${result.error.message}`);
  await pc.setRemoteDescription(result.value);
  held.splice(0).forEach(add);
  return {
    pc,
    describe() {
      const { received, added, refused, ended } = janusCandidates;
      return (
        `publisher ${pc.connectionState}/${pc.iceConnectionState}/${pc.iceGatheringState}, Janus candidates ${received} received` +
        ` (${added} added, ${held.length} held${ended ? ', end seen' : ''}${refused.length ? `, refused: ${refused.join('; ')}` : ''})`
      );
    },
    stop() {
      pc.close();
      camera.stop();
      mic.stop();
    },
  };
}

/** Bytes of a folder's files whose names end with `suffix` (what Janus has recorded so far). */
export const folderBytes = (dir: string, suffix: string): number =>
  readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
