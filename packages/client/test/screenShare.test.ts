import { afterEach, describe, expect, it } from 'vitest';
import { linkedPair, syntheticTracks, type LinkedPair } from './support/wrtc.js';
import { waitFor } from '@parley/testkit';

// Everything made in a test is closed after it.
const made: Array<{ close(): void } | MediaStreamTrack> = [];
afterEach(() => {
  for (const thing of made.splice(0)) {
    if ('close' in thing) thing.close();
    else thing.stop();
  }
});

/** Two connected links, each with camera and mic. */
function pair(): LinkedPair {
  const [a, b] = [syntheticTracks(), syntheticTracks()];
  const created = linkedPair({ tracksA: a, tracksB: b });
  made.push(a.audio, a.video, b.audio, b.video, created);
  return created;
}
function screen(): MediaStreamTrack {
  const track = syntheticTracks().video;
  made.push(track);
  return track;
}

const settled = (p: LinkedPair) =>
  p.a.connectionState === 'connected' &&
  p.b.connectionState === 'connected' &&
  p.a.pc.signalingState === 'stable' &&
  p.b.pc.signalingState === 'stable';
const descriptions = (p: LinkedPair) => p.descriptions.a.length + p.descriptions.b.length;
/** The sender of a link's screen-share slot of that kind (the second transceiver of the kind). */
const slot = (link: LinkedPair['a'], kind: 'audio' | 'video') =>
  link.pc.getTransceivers().filter((t) => t.receiver.track.kind === kind)[1]!;
const tick = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('PeerLink screen share', () => {
  it('rides the slot negotiated at join: starting and stopping need no offer or answer', async () => {
    const p = pair();
    await waitFor(() => settled(p), { what: 'connected', timeoutMs: 8_000 });
    const before = descriptions(p);
    // The slot arrived with the first offer, beside camera and mic, and is negotiated both ways.
    expect(
      p.b.remoteScreen
        .getTracks()
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['audio', 'video']);
    expect(
      p.b.remoteStream
        .getTracks()
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['audio', 'video']);
    expect(slot(p.a, 'video').currentDirection).toBe('sendrecv');

    const first = screen();
    await p.a.setScreenTracks([first]);
    expect(slot(p.a, 'video').sender.track).toBe(first);
    await p.a.setScreenTracks([]);
    expect(slot(p.a, 'video').sender.track).toBeNull();
    await p.a.setScreenTracks([screen()]);
    await tick();
    expect(descriptions(p)).toBe(before);
    expect(p.a.pc.getTransceivers()).toHaveLength(4);
    expect(p.errors).toEqual([]);
  });

  it('two people starting to share at the same moment never collide, repeatedly', async () => {
    const p = pair();
    await waitFor(() => settled(p), { what: 'connected', timeoutMs: 8_000 });
    const before = descriptions(p);
    for (let round = 1; round <= 3; round++) {
      const [mine, theirs] = [screen(), screen()];
      await Promise.all([p.a.setScreenTracks([mine]), p.b.setScreenTracks([theirs])]);
      expect([slot(p.a, 'video').sender.track, slot(p.b, 'video').sender.track]).toEqual([mine, theirs]);
      await Promise.all([p.a.setScreenTracks([]), p.b.setScreenTracks([])]);
    }
    await tick();
    expect(descriptions(p)).toBe(before);
    // Camera and mic went on untouched.
    for (const link of [p.a, p.b]) {
      expect(link.remoteStream.getTracks()).toHaveLength(2);
      const main = link.pc.getTransceivers().slice(0, 2);
      expect(main.map((t) => [t.currentDirection, t.sender.track?.readyState])).toEqual([
        ['sendrecv', 'live'],
        ['sendrecv', 'live'],
      ]);
    }
    expect(p.errors).toEqual([]);
  });

  it('a member already sharing when someone joins puts the screen on the slot of the newcomer’s first offer', async () => {
    const p = pair();
    const shared = screen();
    const sharing = p.b.setScreenTracks([shared]); // B (the member already there) before A's offer arrived
    await waitFor(() => settled(p) && slot(p.b, 'video').sender.track === shared, { what: 'screen on the slot', timeoutMs: 8_000 });
    await sharing;
    expect(p.descriptions).toEqual({ a: ['offer'], b: ['answer'] }); // still one round trip
    expect(p.errors).toEqual([]);
  });
});
