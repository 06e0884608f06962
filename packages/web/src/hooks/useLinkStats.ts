import { useEffect, useState } from 'react';
import type { LinkStats, Room } from '@parley/client';

/** How often the connection numbers refresh; also the active-speaker granularity. */
const SAMPLE_MS = 1000;
/** Inbound audio level (0..1) above which someone counts as speaking; the fake mic's beep is well above. */
const SPEAKING_LEVEL = 0.02;
/** Keep highlighting the last speaker through short pauses between words. */
const HOLD_MS = 2000;

export interface LinkStatsState {
  /** Latest digest per participant id. */
  stats: ReadonlyMap<string, LinkStats>;
  /** Who is speaking now (loudest above the threshold, held through short pauses), or null. */
  activeSpeaker: string | null;
}

/**
 * Samples every participant's connection once a second (RemoteParticipant.getStats): the numbers
 * for the connection panel, the quality indicator on each tile, and the active speaker from the
 * inbound audio level.
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
      let loudest: { id: string; level: number } | null = null;
      for (const [id, digest] of entries) {
        if (!digest) continue;
        stats.set(id, digest);
        const level = digest.audioLevel ?? 0;
        if (level >= SPEAKING_LEVEL && (!loudest || level > loudest.level)) loudest = { id, level };
      }
      const now = performance.now();
      if (loudest) speaker = { id: loudest.id, at: now };
      else if (speaker && (now - speaker.at > HOLD_MS || !stats.has(speaker.id))) speaker = null;
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
