import { pino } from 'pino';
import VideoRoomPlugin, { type VideoRoomHandle } from 'janode/plugins/videoroom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JanusPool } from '../../src/sfu/JanusPool.js';
import { JanusServer } from '@parley/testkit';
import { countFrames, movingCamera, webrtc } from '../support/wrtcMedia.js';
import { waitFor } from '@parley/testkit';

/** JanusPool against a real Janus on 127.0.0.1 (loopback-only ICE), media from libwebrtc in Node. */
let janus: JanusServer;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  janus = await JanusServer.start();
}, 30_000);

afterAll(async () => {
  await janus?.stop();
});

/** Connects a peer connection to a Janus handle: its candidates go to Janus, Janus's come back. */
function trickleBoth(pc: RTCPeerConnection, handle: VideoRoomHandle): void {
  pc.onicecandidate = ({ candidate }) => {
    void handle.trickle(candidate ? candidate.toJSON() : null).catch(() => undefined);
  };
  // Janus may trickle before the subscriber has its offer: hold candidates until then.
  const held: RTCIceCandidateInit[] = [];
  const add = (candidate: RTCIceCandidateInit) => void pc.addIceCandidate(candidate).catch(() => undefined);
  pc.addEventListener('signalingstatechange', () => {
    if (pc.remoteDescription) held.splice(0).forEach(add);
  });
  handle.on('handle_trickle', (event: { candidate?: string; sdpMid?: string; sdpMLineIndex?: number }) => {
    if (!event.candidate) return;
    const candidate = { candidate: event.candidate, sdpMid: event.sdpMid ?? null, sdpMLineIndex: event.sdpMLineIndex ?? null };
    if (pc.remoteDescription) add(candidate);
    else held.push(candidate);
  });
}

describe('JanusPool', () => {
  it('places a room on Janus; a publisher from Node reaches a subscriber through it', async () => {
    const pool = new JanusPool([janus.url], log);
    await pool.start();
    const camera = movingCamera();
    const pcs: RTCPeerConnection[] = [];
    try {
      const instance = pool.place();
      expect(instance.url).toBe(janus.url);
      const session = await instance.createSession();
      const admin = await session.attach(VideoRoomPlugin);
      const { room } = await admin.create({ max_publishers: 10 });

      const publisherPc = new webrtc.RTCPeerConnection({ bundlePolicy: 'max-bundle' });
      pcs.push(publisherPc);
      publisherPc.addTransceiver(camera.track, { direction: 'sendonly' });
      const publisher = await session.attach(VideoRoomPlugin);
      trickleBoth(publisherPc, publisher);
      await publisherPc.setLocalDescription(await publisherPc.createOffer());
      const offer = publisherPc.localDescription!;
      const webrtcUp = new Promise((resolve) => publisher.once('handle_webrtcup', resolve));
      const joined = await publisher.joinConfigurePublisher({
        room,
        display: 'publisher-one',
        descriptions: [{ mid: publisherPc.getTransceivers()[0]!.mid!, description: 'camera' }],
        jsep: { type: 'offer', sdp: offer.sdp },
      });
      expect(joined.jsep?.type).toBe('answer');
      await publisherPc.setRemoteDescription(joined.jsep!);
      // Janus lists a feed for subscribers once its PeerConnection is up.
      await webrtcUp;

      const subscriberSession = await instance.createSession();
      const subscriber = await subscriberSession.attach(VideoRoomPlugin);
      const subscriberPc = new webrtc.RTCPeerConnection({ bundlePolicy: 'max-bundle' });
      pcs.push(subscriberPc);
      trickleBoth(subscriberPc, subscriber);
      const frames: { count: number }[] = [];
      subscriberPc.ontrack = ({ track }) => {
        if (track.kind === 'video') frames.push(countFrames(track));
      };
      const subscribed = await subscriber.joinSubscriber({ room, streams: [{ feed: joined.feed }], autoupdate: false });
      expect(subscribed.streams?.[0]).toMatchObject({ type: 'video', feed_display: 'publisher-one' });
      await subscriberPc.setRemoteDescription(subscribed.jsep!);
      await subscriberPc.setLocalDescription(await subscriberPc.createAnswer());
      await subscriber.start({ jsep: { type: 'answer', sdp: subscriberPc.localDescription!.sdp } });

      await waitFor(() => (frames[0]?.count ?? 0) > 10, { what: 'frames through Janus', timeoutMs: 20_000 });
      const before = frames[0]!.count;
      await waitFor(() => frames[0]!.count > before + 5, { what: 'frames to keep advancing', timeoutMs: 10_000 });
      await session.destroy();
      await subscriberSession.destroy();
    } finally {
      for (const pc of pcs) pc.close();
      camera.stop();
      await pool.close();
    }
  }, 60_000);

  it('places rooms on the least-loaded instance and keeps going when one goes away', async () => {
    const second = await JanusServer.start();
    const lines: string[] = [];
    const pool = new JanusPool([second.url, janus.url], pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }));
    try {
      await pool.start();
      const [onSecond, onFirst] = pool.instances;
      onSecond!.load = 3;
      onFirst!.load = 1;
      expect(pool.place().url).toBe(janus.url);
      onFirst!.load = 5;
      expect(pool.place().url).toBe(second.url);

      const exit = await second.stop();
      // Janus handles SIGTERM: it exits by itself, no SIGKILL needed.
      expect(exit.signal === null ? exit.code : exit.signal).toBe(0);
      await waitFor(() => !onSecond!.up, { what: 'the pool to notice', timeoutMs: 10_000 });
      expect(lines.some((line) => line.includes('janus instance went away') && line.includes(second.url))).toBe(true);
      expect(pool.place().url).toBe(janus.url);
    } finally {
      await pool.close();
      await second.stop();
    }
  }, 60_000);
});
