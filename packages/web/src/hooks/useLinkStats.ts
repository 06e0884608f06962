import { useEffect, useState } from 'react';
import type { LinkStats, Room } from '@parley/client';
import { DominantSpeaker } from '../room/DominantSpeaker.js';

/** How often the connection numbers refresh; also the active-speaker granularity. */
const SAMPLE_MS = 1000;

/** `activeSpeaker` when the loudest is you. */
export const SELF = 'self';

export interface LinkStatsState {
  /** Latest digest per participant id. */
  stats: ReadonlyMap<string, LinkStats>;
  /** Who holds the floor (see DominantSpeaker): a participant id, `SELF` for you (your microphone's level as sent), or null. */
  activeSpeaker: string | null;
}

/**
 * Samples every participant's connection once a second (RemoteParticipant.getStats): the numbers
 * for the connection panel, the quality indicator on each tile, and the active speaker from the
 * audio level over each second (webrtc-stats totalAudioEnergy, so no beep or syllable is missed).
 */
export function useLinkStats(room: Room): LinkStatsState {
  const [state, setState] = useState<LinkStatsState>({ stats: new Map(), activeSpeaker: null });

  useEffect(() => {
    let stopped = false;
    const speaker = new DominantSpeaker();
    const tick = async () => {
      const entries = await Promise.all(
        [...room.participants.values()].map(async (p) => [p.id, await p.getStats().catch(() => null)] as const),
      );
      if (stopped) return;
      const stats = new Map<string, LinkStats>();
      const levels = new Map<string, number | null>();
      for (const [id, digest] of entries) {
        if (!digest) continue;
        stats.set(id, digest);
        levels.set(id, digest.audioLevel);
        // Your level as sent on each link: the loudest reading of it.
        const sent = digest.sendingAudioLevel;
        if (sent !== null && sent > (levels.get(SELF) ?? -1)) levels.set(SELF, sent);
        else if (!levels.has(SELF)) levels.set(SELF, null);
      }
      setState({ stats, activeSpeaker: speaker.update(levels, performance.now()) });
    };
    const timer = setInterval(() => void tick(), SAMPLE_MS);
    void tick();
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [room]);

  return state;
}
