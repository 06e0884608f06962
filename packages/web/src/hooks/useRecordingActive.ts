import { useEffect, useState } from 'react';
import type { Room } from '@parley/client';

/** Whether the room is being recorded on the server now, as React state. */
export function useRecordingActive(room: Room): boolean {
  const [active, setActive] = useState(room.recording.active);
  useEffect(() => {
    const sync = () => setActive(room.recording.active);
    room.on('recording-state', sync);
    sync();
    return () => {
      room.off('recording-state', sync);
    };
  }, [room]);
  return active;
}
