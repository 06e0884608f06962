import { useCallback, useEffect, useRef, useState } from 'react';
import type { LocalMedia } from '@parley/client';
import { readStorage, STORAGE_KEYS, writeStorage } from '../storage.js';
import { parseBackgroundChoice, type BackgroundChoice } from './backgroundChoice.js';
import type { BackgroundEffect } from './backgroundProtocol.js';
import type { BackgroundProcessor } from './BackgroundProcessor.js';
import { paintBackground } from './builtInBackgrounds.js';

/**
 * `off`: no effect chosen; `starting`: the model is loading; `on`: what is sent is processed;
 * `unavailable`: this browser cannot run it; `too-slow`: this device could not keep 15 frames a
 * second, so the camera is sent as it is (until the person picks again).
 */
export type BackgroundStatus = 'off' | 'starting' | 'on' | 'unavailable' | 'too-slow';

export interface BackgroundState {
  choice: BackgroundChoice;
  status: BackgroundStatus;
  /** Whether the person's own image was given this visit (the `own` image can be picked). */
  hasOwnImage: boolean;
  choose: (choice: BackgroundChoice) => void;
  useOwnImage: (file: File) => void;
}

/**
 * Background blur or replacement on the camera while `active` and chosen. The segmentation worker
 * and its model (~2.9 MB of WebAssembly and model) load only when someone picks an effect.
 */
export function useBackground(media: LocalMedia, active: boolean): BackgroundState {
  const [choice, setChoice] = useState(() => parseBackgroundChoice(readStorage(STORAGE_KEYS.background)));
  const [status, setStatus] = useState<BackgroundStatus>(choice.mode === 'none' ? 'off' : 'starting');
  const [ownImage, setOwnImage] = useState<File | null>(null);
  // Bumped by each choice, so a device found too slow tries again when the person picks again.
  const [attempt, setAttempt] = useState(0);
  const processorRef = useRef<BackgroundProcessor | null>(null);
  const statusRef = useRef(status);
  statusRef.current = status;
  const effectRef = useRef<() => Promise<BackgroundEffect>>(() => Promise.resolve({ kind: 'blur', strength: 'light' }));
  const wanted = choice.mode !== 'none';

  effectRef.current = () => effectOf(choice, ownImage);

  useEffect(() => {
    if (!wanted) {
      setStatus('off');
      return;
    }
    if (!active) return;
    setStatus('starting');
    const abort = new AbortController();
    const release = () => {
      const used = processorRef.current;
      processorRef.current = null;
      if (!used) return;
      // What is sent goes back to the camera first, then the processor stops: no black frame.
      if (media.videoProcessor === used) media.setVideoProcessor(null);
      used.close();
    };
    void (async () => {
      try {
        const { BackgroundProcessor: Processor } = await import('./BackgroundProcessor.js');
        if (!Processor.supported()) throw new Error('no Worker, OffscreenCanvas or createImageBitmap');
        const created = await Processor.create(await effectRef.current());
        if (abort.signal.aborted) {
          created.close();
          return;
        }
        processorRef.current = created;
        created.onTooSlow = (framesPerSecond) => {
          const { segmentationMs, totalMs } = created.timings;
          console.warn(
            `Background effects need more than this device gives (${framesPerSecond.toFixed(1)} frames a second; ` +
              `${segmentationMs.toFixed(1)} ms a run of the model, ${totalMs.toFixed(1)} ms a frame in all); the camera is sent as it is.`,
          );
          setStatus('too-slow');
          release();
        };
        media.setVideoProcessor(created);
        setStatus('on');
      } catch (error) {
        if (abort.signal.aborted) return;
        console.warn('Background effects are unavailable here; the camera is sent as it is.', error);
        setStatus('unavailable');
      }
    })();
    return () => {
      abort.abort();
      release();
    };
  }, [media, active, wanted, attempt]);

  // A new strength or image reaches the running processor without restarting it; and once a
  // processor is running, the choice as it is now (it may have changed while the model loaded).
  useEffect(() => {
    const processor = processorRef.current;
    if (!processor || !wanted || status !== 'on') return;
    let current = true;
    void effectOf(choice, ownImage).then(
      (effect) => {
        if (current && processorRef.current === processor) processor.setEffect(effect);
        else if (effect.kind === 'image') effect.image.close();
      },
      (error: unknown) => console.warn('That background image could not be read.', error),
    );
    return () => {
      current = false;
    };
  }, [choice, ownImage, wanted, status]);

  const choose = useCallback((next: BackgroundChoice) => {
    writeStorage(STORAGE_KEYS.background, JSON.stringify(next));
    setChoice(next);
    if (statusRef.current === 'too-slow') setAttempt((n) => n + 1);
  }, []);

  const useOwnImage = useCallback(
    (file: File) => {
      setOwnImage(file);
      choose({ ...choice, mode: 'image', image: 'own' });
    },
    [choice, choose],
  );

  return { choice, status, hasOwnImage: ownImage !== null, choose, useOwnImage };
}

function effectOf(choice: BackgroundChoice, ownImage: File | null): Promise<BackgroundEffect> {
  if (choice.mode !== 'image') return Promise.resolve({ kind: 'blur', strength: choice.strength });
  const image =
    choice.image === 'own' && ownImage ? createImageBitmap(ownImage) : paintBackground(choice.image === 'own' ? 'dusk' : choice.image);
  return image.then((bitmap) => ({ kind: 'image', image: bitmap }));
}
