import { useEffect, useState } from 'react';
import type { Room } from '@parley/client';

/**
 * The tab's title during a call: the room, whether you are muted, and, while the tab is in the
 * background, how many people joined or wrote since: `(2) Muted · kfm4-x7qp-2hdt-c9wn — Parley`.
 */
export function callTitle(roomId: string, mutedLabel: string | null, unseen: number): string {
  return `${unseen > 0 ? `(${unseen}) ` : ''}${mutedLabel ? `${mutedLabel} · ` : ''}${roomId} — Parley`;
}

/** Keeps document.title as callTitle says while the call shows; the page's own title after. */
export function useCallTitle(room: Room, mutedLabel: string | null): void {
  const [unseen, setUnseen] = useState(0);

  useEffect(() => {
    const count = () => {
      if (document.hidden) setUnseen((n) => n + 1);
    };
    const countMessage = (message: { mine: boolean }) => {
      if (!message.mine) count();
    };
    const seen = () => {
      if (!document.hidden) setUnseen(0);
    };
    room.on('participant-joined', count);
    room.chat.on('message', countMessage);
    document.addEventListener('visibilitychange', seen);
    return () => {
      room.off('participant-joined', count);
      room.chat.off('message', countMessage);
      document.removeEventListener('visibilitychange', seen);
    };
  }, [room]);

  useEffect(() => {
    const before = document.title;
    document.title = callTitle(room.roomId, mutedLabel, unseen);
    return () => {
      document.title = before;
    };
  }, [room.roomId, mutedLabel, unseen]);
}
