import { afterEach, describe, expect, it } from 'vitest';
import { linkedPair, syntheticTracks, waitFor, type LinkedPair } from './support/wrtc.js';

// Everything made in a test is closed after it.
const made: Array<{ close(): void } | MediaStreamTrack> = [];
afterEach(() => {
  for (const thing of made.splice(0)) 'close' in thing ? thing.close() : thing.stop();
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

describe('PeerLink screen share', () => {
  it('arrives as a separate screen stream beside camera and mic, leaves when stopped, and reuses its transceiver', async () => {
    const p = pair();
    await waitFor(() => settled(p), 8_000, 'connected');
    const transceiversBefore = p.a.pc.getTransceivers().length;

    await p.a.setScreenTracks([screen()]);
    await waitFor(() => p.b.remoteScreen.getVideoTracks().length === 1, 8_000, 'screen at B');
    expect(p.b.remoteStream.getTracks().map((t) => t.kind).sort()).toEqual(['audio', 'video']);
    expect(p.a.remoteScreen.getTracks()).toHaveLength(0); // B shares nothing

    await p.a.setScreenTracks([]);
    await waitFor(() => p.b.remoteScreen.getTracks().length === 0 && settled(p), 8_000, 'screen gone at B');
    expect(p.b.remoteStream.getTracks()).toHaveLength(2); // camera and mic untouched

    await p.a.setScreenTracks([screen()]);
    await waitFor(() => p.b.remoteScreen.getVideoTracks().length === 1 && settled(p), 8_000, 'screen again at B');
    expect(p.a.pc.getTransceivers()).toHaveLength(transceiversBefore + 1);
    expect(p.errors).toEqual([]);
  });

  it('two people starting to share at the same moment both get through (glare), repeatedly', async () => {
    const p = pair();
    await waitFor(() => settled(p), 8_000, 'connected');
    for (let round = 1; round <= 3; round++) {
      await Promise.all([p.a.setScreenTracks([screen()]), p.b.setScreenTracks([screen()])]);
      await waitFor(
        () => settled(p) && p.a.remoteScreen.getVideoTracks().length === 1 && p.b.remoteScreen.getVideoTracks().length === 1,
        8_000,
        `round ${round}: both screens arrived`,
      );
      await Promise.all([p.a.setScreenTracks([]), p.b.setScreenTracks([])]);
      await waitFor(
        () => settled(p) && p.a.remoteScreen.getTracks().length === 0 && p.b.remoteScreen.getTracks().length === 0,
        8_000,
        `round ${round}: both screens gone`,
      );
    }
    // Camera and mic went on untouched through every collision and rollback.
    for (const link of [p.a, p.b]) {
      expect(link.remoteStream.getTracks()).toHaveLength(2);
      const main = link.pc.getTransceivers().filter((t) => t.mid === '0' || t.mid === '1');
      expect(main.map((t) => [t.currentDirection, t.sender.track?.readyState])).toEqual([
        ['sendrecv', 'live'],
        ['sendrecv', 'live'],
      ]);
    }
    expect(p.errors).toEqual([]);
  });

  it('a member already sharing when someone joins sends the screen after the newcomer’s first offer', async () => {
    // B (the member already there) is told to share before A's first offer reached it.
    const p = pair();
    const shared = p.b.setScreenTracks([screen()]);
    await waitFor(() => settled(p) && p.a.remoteScreen.getVideoTracks().length === 1, 8_000, 'screen at the newcomer');
    await shared;
    expect(p.a.remoteStream.getTracks().map((t) => t.kind).sort()).toEqual(['audio', 'video']);
    expect(p.descriptions.a[0]).toBe('offer'); // the newcomer's offer came first, as at every join
    expect(p.errors).toEqual([]);
  });
});
