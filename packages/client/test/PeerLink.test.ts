import { afterEach, describe, expect, it } from 'vitest';
import { linkedPair, syntheticTracks, type LinkedPair } from './support/wrtc.js';
import { waitFor } from '@parley/testkit';

const open: LinkedPair[] = [];
const tracks: MediaStreamTrack[] = [];
afterEach(() => {
  for (const pair of open.splice(0)) pair.close();
  for (const track of tracks.splice(0)) track.stop();
});

function pair(options: Parameters<typeof linkedPair>[0]): LinkedPair {
  const created = linkedPair(options);
  open.push(created);
  return created;
}
function media(): { audio: MediaStreamTrack; video: MediaStreamTrack } {
  const created = syntheticTracks();
  tracks.push(created.audio, created.video);
  return created;
}

const connected = (p: LinkedPair) => p.a.connectionState === 'connected' && p.b.connectionState === 'connected';
const stable = (p: LinkedPair) => p.a.pc.signalingState === 'stable' && p.b.pc.signalingState === 'stable';

describe('PeerLink', () => {
  it('decides politeness by id order, the same way on both sides', () => {
    const p = pair({ idA: 'aaaaaaaaaaaa', idB: 'bbbbbbbbbbbb' });
    expect(p.a.polite).toBe(true);
    expect(p.b.polite).toBe(false);
  });

  it('connects with one offer/answer round and media both ways on the offered transceivers', async () => {
    const p = pair({ tracksA: media(), tracksB: media() });
    const receivedByA: string[] = [];
    const receivedByB: string[] = [];
    p.a.on('track-added', (track) => receivedByA.push(track.kind));
    p.b.on('track-added', (track) => receivedByB.push(track.kind));
    await waitFor(() => connected(p), { what: 'connected', timeoutMs: 8_000 });
    await waitFor(() => receivedByA.length === 2 && receivedByB.length === 2, { what: 'tracks', timeoutMs: 2_000 });

    expect(p.descriptions).toEqual({ a: ['offer'], b: ['answer'] });
    expect(receivedByA.sort()).toEqual(['audio', 'video']);
    expect(receivedByB.sort()).toEqual(['audio', 'video']);
    for (const link of [p.a, p.b]) {
      // Camera and mic, then the screen-share slots (empty until someone shares).
      const transceivers = link.pc.getTransceivers();
      expect(transceivers).toHaveLength(4);
      expect(transceivers.map((t) => t.currentDirection)).toEqual(['sendrecv', 'sendrecv', 'sendrecv', 'sendrecv']);
      expect(transceivers.map((t) => t.sender.track !== null)).toEqual([true, true, false, false]);
    }
    expect(p.a.remoteStream.getTracks()).toHaveLength(2);
    expect(p.errors).toEqual([]);
  });

  it('joins receive-only when the answerer has no camera or microphone', async () => {
    const p = pair({ tracksA: media(), tracksB: { audio: null, video: null } });
    const receivedByB: string[] = [];
    p.b.on('track-added', (track) => receivedByB.push(track.kind));
    await waitFor(() => connected(p), { what: 'connected', timeoutMs: 8_000 });
    expect(receivedByB.sort()).toEqual(['audio', 'video']);
    expect(p.errors).toEqual([]);
  });

  it('swaps a camera with replaceTrack, without renegotiating', async () => {
    const first = media();
    const p = pair({ tracksA: first, tracksB: media() });
    await waitFor(() => connected(p) && stable(p), { what: 'connected', timeoutMs: 8_000 });
    const sent = p.descriptions.a.length + p.descriptions.b.length;
    const second = media();
    await p.a.setLocalTracks({ audio: first.audio, video: second.video });
    const videoSender = p.a.pc.getSenders().find((s) => s.track?.kind === 'video');
    expect(videoSender?.track).toBe(second.video);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(p.descriptions.a.length + p.descriptions.b.length).toBe(sent);
    await p.a.setLocalTracks({ audio: first.audio, video: null });
    expect(p.a.pc.getTransceivers().filter((t) => t.receiver.track.kind === 'video')[0]?.sender.track).toBeNull();
  });

  it('survives simultaneous renegotiation (glare) from both sides, repeatedly', async () => {
    const p = pair({ tracksA: media(), tracksB: media() });
    await waitFor(() => connected(p) && stable(p), { what: 'connected', timeoutMs: 8_000 });
    for (let round = 1; round <= 5; round++) {
      // Both add a screen-share-like video transceiver in the same tick.
      p.a.pc.addTransceiver('video', { direction: 'sendrecv' });
      p.b.pc.addTransceiver('video', { direction: 'sendrecv' });
      const expected = 4 + 2 * round; // camera, mic, the two screen-share slots, and the added ones
      await waitFor(
        () =>
          stable(p) &&
          p.a.pc.getTransceivers().filter((t) => t.mid !== null).length === expected &&
          p.b.pc.getTransceivers().filter((t) => t.mid !== null).length === expected,
        { what: `round ${round} settled`, timeoutMs: 8_000 },
      );
    }
    const mids = (link: typeof p.a) =>
      link.pc
        .getTransceivers()
        .map((t) => t.mid)
        .sort();
    expect(mids(p.a)).toEqual(mids(p.b));
    expect(connected(p)).toBe(true);
    expect(p.errors).toEqual([]);
  });

  it('recovers when both sides believe they must make the first offer', async () => {
    const p = pair({ aInitiates: true, bInitiates: true, tracksA: media(), tracksB: media() });
    const receivedByA: string[] = [];
    const receivedByB: string[] = [];
    p.a.on('track-added', (track) => receivedByA.push(track.kind));
    p.b.on('track-added', (track) => receivedByB.push(track.kind));
    await waitFor(() => connected(p) && stable(p), { what: 'connected', timeoutMs: 8_000 });
    await waitFor(() => receivedByA.length >= 2 && receivedByB.length >= 2, { what: 'tracks both ways', timeoutMs: 3_000 });
    expect(p.errors).toEqual([]);
  });

  it('closing tells its listeners and removes the remote tracks', async () => {
    const p = pair({ tracksA: media(), tracksB: media() });
    await waitFor(() => connected(p), { what: 'connected', timeoutMs: 8_000 });
    const removed: string[] = [];
    let closed = false;
    p.b.on('track-removed', (track) => removed.push(track.kind));
    p.b.on('closed', () => (closed = true));
    p.b.close();
    expect(closed).toBe(true);
    expect(removed.sort()).toEqual(['audio', 'video']);
    expect(p.b.remoteStream.getTracks()).toHaveLength(0);
    expect(p.b.pc.signalingState).toBe('closed');
  });
});
