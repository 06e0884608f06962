import { useEffect, useState } from 'react';
import type { Room, RoomStatus } from '@parley/client';

/** The room's host, lock and password state, and whether we host it, as React state. */
export function useRoomStatus(room: Room): { status: RoomStatus; isHost: boolean } {
  const [status, setStatus] = useState<RoomStatus>(room.moderation.status);
  useEffect(() => {
    const sync = () => setStatus(room.moderation.status);
    room.on('room-status', sync);
    sync();
    return () => {
      room.off('room-status', sync);
    };
  }, [room]);
  return { status, isHost: room.self !== null && status.hostId === room.self.id };
}
