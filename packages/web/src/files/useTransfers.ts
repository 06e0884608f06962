import { useEffect, useState } from 'react';
import type { Room, Transfer } from '@parley/client';

/**
 * The room's transfers as React state. Only a new transfer re-renders the list: progress
 * re-renders the one item that changed (useTransferUpdates), not the whole side panel.
 */
export function useTransfers(room: Room): Transfer[] {
  const [transfers, setTransfers] = useState<Transfer[]>(() => room.files.transfers);
  useEffect(() => {
    const sync = () => setTransfers(room.files.transfers);
    room.files.on('transfer', sync);
    sync();
    return () => {
      room.files.off('transfer', sync);
    };
  }, [room]);
  return transfers;
}

/** Re-renders the caller when one of these transfers changes (state; progress at most every 500 ms). */
export function useTransferUpdates(room: Room, transfers: readonly Transfer[]): void {
  const [, setVersion] = useState(0);
  // The list is rebuilt on each render of the panel; what it holds is what matters.
  const ids = transfers.map((t) => t.id).join(' ');
  useEffect(() => {
    const watched = new Set(transfers);
    const bump = (changed: Transfer) => {
      if (watched.has(changed)) setVersion((v) => v + 1);
    };
    room.files.on('update', bump);
    // They may have changed between the first render and this subscription.
    setVersion((v) => v + 1);
    return () => {
      room.files.off('update', bump);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `ids` stands for `transfers`
  }, [room, ids]);
}
