import { useEffect, useState } from 'react';

/** Whole seconds until `endsAt` (ms since the epoch), never below 0; null without an end. */
function secondsUntil(endsAt: number | null): number | null {
  return endsAt === null ? null : Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
}

/** The seconds left until `endsAt`, ticking each second; null without an end. */
export function useCountdown(endsAt: number | null): number | null {
  const [seconds, setSeconds] = useState(() => secondsUntil(endsAt));
  useEffect(() => {
    setSeconds(secondsUntil(endsAt));
    if (endsAt === null) return undefined;
    const timer = setInterval(() => setSeconds(secondsUntil(endsAt)), 1_000);
    return () => clearInterval(timer);
  }, [endsAt]);
  return seconds;
}

/** 9:05, or 1:02:03 past an hour. */
export function formatClock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
