import { useEffect, useRef } from 'react';
import type { Room } from '@parley/client';
import type { ParticipantView } from '../room/CallStore.js';

type Quality = Parameters<Room['setReceiveQuality']>[1];

/**
 * SFU mode: which simulcast layer to receive of each camera, by how large its tile is. The active
 * speaker (highlighted, and what people look at) always gets the high layer; the grid's tiles shrink
 * as the room grows, and beside a screen share the people are a strip of small tiles. In mesh mode
 * the SDK ignores it (each link sends one layer).
 */
export function useReceiveQuality(room: Room, participants: readonly ParticipantView[], activeSpeaker: string | null): void {
  const asked = useRef(new Map<string, Quality>());
  useEffect(() => {
    const screenShown = participants.some((p) => p.sharing);
    const count = participants.length;
    const byTile: Quality = screenShown ? 'low' : count <= 4 ? 'high' : count <= 9 ? 'medium' : 'low';
    for (const p of participants) {
      const quality = p.id === activeSpeaker ? 'high' : byTile;
      if (asked.current.get(p.id) === quality) continue;
      asked.current.set(p.id, quality);
      room.setReceiveQuality(p.id, quality);
    }
  }, [room, participants, activeSpeaker]);
}
