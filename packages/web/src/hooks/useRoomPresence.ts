import { useEffect, useState } from 'react';
import { fetchRoomPresence } from '@parley/client';

/** How often the lobby looks again: someone may arrive while you get ready. */
const REFRESH_MS = 5_000;

/** How many are in the meeting now, refreshed while the lobby shows (null until known, or when the server cannot say). */
export function useRoomPresence(roomId: string): number | null {
  const [participants, setParticipants] = useState<number | null>(null);
  useEffect(() => {
    let stopped = false;
    const look = async () => {
      const count = await fetchRoomPresence(location.origin, roomId);
      if (!stopped) setParticipants(count);
    };
    void look();
    const timer = setInterval(() => void look(), REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [roomId]);
  return participants;
}
