import { useEffect, useState } from 'react';
import type { LinkStats, Room } from '@parley/client';

/** How often the connection numbers refresh; also the active-speaker granularity. */
const SAMPLE_MS = 1000;
/** Inbound audio level (0..1) above which someone counts as speaking; the fake mic's beep is well above. */
const SPEAKING_LEVEL = 0.02;
/** Keep highlighting the last speaker through short pauses between words. */
const HOLD_MS = 2000;

/** `activeSpeaker` when the loudest is you. */
export const SELF = 'self';

export interface LinkStatsState {
  /** Latest digest per participant id. */
  stats: ReadonlyMap<string, LinkStats>;
  /**
   * Who is speaking now (loudest above the threshold, held through short pauses): a participant
   * id, `SELF` for you (your microphone's level as sent), or null.
   */
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
    let speaker: { id: string; at: number } | null = null;
    const tick = async () => {
      const entries = await Promise.all(
        [...room.participants.values()].map(async (p) => [p.id, await p.getStats().catch(() => null)] as const),
      );
      if (stopped) return;
      const stats = new Map<string, LinkStats>();
      const loudest = { id: '', level: SPEAKING_LEVEL };
      const consider = (id: string, level: number | null) => {
        if (level !== null && level >= loudest.level) Object.assign(loudest, { id, level });
      };
      for (const [id, digest] of entries) {
        if (!digest) continue;
        stats.set(id, digest);
        consider(id, digest.audioLevel);
        consider(SELF, digest.sendingAudioLevel);
      }
      const now = performance.now();
      if (loudest.id) speaker = { id: loudest.id, at: now };
      else if (speaker && (now - speaker.at > HOLD_MS || (speaker.id !== SELF && !stats.has(speaker.id)))) speaker = null;
      setState({ stats, activeSpeaker: speaker?.id ?? null });
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
