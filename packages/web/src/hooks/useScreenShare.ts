import { useCallback, useState } from 'react';
import { isParleyError, type Room } from '@parley/client';

export interface ScreenShareControl {
  /** The browser can share a screen at all (phones mostly cannot). */
  supported: boolean;
  busy: boolean;
  /** The last failure to share, as an error code, until the next attempt. */
  error: string | null;
  toggle: () => void;
}

/** Start/stop your screen share; the state itself comes from the room (`local-screen-share`). */
export function useScreenShare(room: Room, sharing: boolean): ScreenShareControl {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const supported = typeof globalThis.navigator?.mediaDevices?.getDisplayMedia === 'function';

  const toggle = useCallback(() => {
    if (sharing) {
      room.stopScreenShare();
      return;
    }
    setBusy(true);
    setError(null);
    room
      .startScreenShare()
      .catch((failure: unknown) => setError(isParleyError(failure) ? failure.code : 'screen-share-failed'))
      .finally(() => setBusy(false));
  }, [room, sharing]);

  return { supported, busy, error, toggle };
}
