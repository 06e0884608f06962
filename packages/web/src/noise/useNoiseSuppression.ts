import { useCallback, useEffect, useRef, useState } from 'react';
import type { LocalMedia } from '@parley/client';
import { readStorage, STORAGE_KEYS, writeStorage } from '../storage.js';
import type { NoiseSuppressor } from './NoiseSuppressor.js';

/**
 * `off`: the person turned it off (the browser's own suppression runs); `starting`: loading, or
 * waiting for the page's first click (autoplay policy); `on`: what is sent is denoised;
 * `unavailable`: this browser cannot run it (the browser's own suppression runs instead).
 */
export type NoiseSuppressionStatus = 'off' | 'starting' | 'on' | 'unavailable';

export interface NoiseSuppressionState {
  /** The person's choice, remembered across visits (on unless they turned it off). */
  wanted: boolean;
  status: NoiseSuppressionStatus;
  toggle: () => void;
}

/**
 * RNNoise on the microphone while `active` and wanted. The suppressor (and its ~120 kB of
 * WebAssembly) loads only when used: the module is imported on first use, not with the page.
 */
export function useNoiseSuppression(media: LocalMedia, active: boolean): NoiseSuppressionState {
  const [wanted, setWanted] = useState(() => readStorage(STORAGE_KEYS.noiseSuppression) !== 'off');
  const [status, setStatus] = useState<NoiseSuppressionStatus>(wanted ? 'starting' : 'off');
  // The switch back to the plain microphone, still under way after the person turned it off.
  const detaching = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    if (!wanted) {
      // 'off' once what is sent really is the plain microphone, not while RNNoise still feeds it.
      let current = true;
      const settled = () => {
        if (current) setStatus('off');
      };
      void detaching.current.then(settled, settled);
      return () => {
        current = false;
      };
    }
    if (!active) return;
    setStatus('starting');
    const abort = new AbortController();
    let suppressor: NoiseSuppressor | null = null;
    const unavailable = (error: unknown) => {
      if (abort.signal.aborted) return;
      console.warn('Noise suppression is unavailable here; the browser’s own is used.', error);
      setStatus('unavailable');
      release();
    };
    const release = () => {
      const used = suppressor;
      suppressor = null;
      if (!used) return;
      // Switch what is sent back to the microphone first, then stop the suppressor: no gap.
      const detach = media.audioProcessor === used ? media.setAudioProcessor(null) : Promise.resolve();
      detaching.current = detach.finally(() => used.close());
    };
    void (async () => {
      try {
        const { NoiseSuppressor: Suppressor } = await import('./NoiseSuppressor.js');
        if (!Suppressor.supported()) throw new Error('no AudioWorklet or WebAssembly');
        const created = await Suppressor.create();
        if (abort.signal.aborted) {
          created.close();
          return;
        }
        suppressor = created;
        created.onFailure = unavailable;
        await created.whenRunning(abort.signal);
        if (abort.signal.aborted) return;
        await media.setAudioProcessor(created);
        if (!abort.signal.aborted && suppressor === created) setStatus('on');
      } catch (error) {
        unavailable(error);
      }
    })();
    return () => {
      abort.abort();
      release();
    };
  }, [media, active, wanted]);

  const toggle = useCallback(() => {
    setWanted((on) => {
      writeStorage(STORAGE_KEYS.noiseSuppression, on ? 'off' : 'on');
      return !on;
    });
  }, []);

  return { wanted, status, toggle };
}
