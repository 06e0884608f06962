import { useEffect, useState } from 'react';
import { fetchRoomPresence, type RoomPresence } from '@parley/client';

/** How often the lobby looks again: someone may arrive while you get ready. */
const REFRESH_MS = 5_000;

/**
 * How many are in the meeting now, and whether it asks a password or is locked, refreshed while
 * the lobby shows (null until known, or when the server cannot say).
 */
export function useRoomPresence(roomId: string): RoomPresence | null {
  const [presence, setPresence] = useState<RoomPresence | null>(null);
  useEffect(() => {
    let stopped = false;
    const look = async () => {
      const now = await fetchRoomPresence(location.origin, roomId);
      // The same answer keeps the same object: no render every five seconds for nothing.
      if (!stopped) setPresence((before) => (before && now && samePresence(before, now) ? before : now));
    };
    void look();
    const timer = setInterval(() => void look(), REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [roomId]);
  return presence;
}

function samePresence(a: RoomPresence, b: RoomPresence): boolean {
  return (
    a.participants === b.participants &&
    a.passwordProtected === b.passwordProtected &&
    a.locked === b.locked &&
    a.waitingRoom === b.waitingRoom
  );
}
