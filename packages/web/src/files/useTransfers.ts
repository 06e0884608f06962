import { useEffect, useState } from 'react';
import type { Room, Transfer } from '@parley/client';

/** The room's transfers as React state; progress updates arrive at most every 200 ms per transfer. */
export function useTransfers(room: Room): Transfer[] {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    room.files.on('transfer', bump);
    room.files.on('update', bump);
    bump();
    return () => {
      room.files.off('transfer', bump);
      room.files.off('update', bump);
    };
  }, [room]);
  return room.files.transfers;
}
