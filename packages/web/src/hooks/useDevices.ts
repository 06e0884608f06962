import { useEffect, useState } from 'react';
import { LocalMedia, type DeviceLists } from '@parley/client';

const EMPTY: DeviceLists = { audioinput: [], videoinput: [], audiooutput: [] };

/**
 * The devices to pick from. Re-listed when `revision` changes because browsers only
 * reveal device ids and labels after permission, and on hot-plug (devicechange).
 */
export function useDevices(revision: number): DeviceLists {
  const [devices, setDevices] = useState<DeviceLists>(EMPTY);

  useEffect(() => {
    let cancelled = false;
    const refresh = () => {
      LocalMedia.listDevices()
        .then((lists) => {
          if (!cancelled) setDevices(lists);
        })
        .catch(() => {
          // enumerateDevices can only fail in odd embeddings; keep the last list.
        });
    };
    refresh();
    const mediaDevices = globalThis.navigator?.mediaDevices;
    mediaDevices?.addEventListener?.('devicechange', refresh);
    return () => {
      cancelled = true;
      mediaDevices?.removeEventListener?.('devicechange', refresh);
    };
  }, [revision]);

  return devices;
}
