import { waitFor } from '@parley/testkit';
import { countFrames } from '../../../server/test/support/wrtcMedia.js';
import type { RemoteParticipant } from '../../src/RemoteParticipant.js';

/**
 * Frames of `participant`'s video are decoded from now on, on whichever live track carries it: a
 * renegotiation, or an SFU session started over, may end the track that was there and bring another.
 */
export async function videoAdvances(participant: RemoteParticipant, what: string, timeoutMs = 20_000): Promise<void> {
  const counters = new Map<MediaStreamTrack, ReturnType<typeof countFrames>>();
  try {
    await waitFor(
      () => {
        for (const track of participant.stream.getVideoTracks())
          if (track.readyState === 'live' && !counters.has(track)) counters.set(track, countFrames(track));
        return [...counters.values()].some((counter) => counter.count >= 5);
      },
      { what, timeoutMs },
    );
  } finally {
    for (const counter of counters.values()) counter.stop();
  }
}
