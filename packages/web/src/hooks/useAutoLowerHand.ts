import { useEffect } from 'react';
import type { Room } from '@parley/client';
import { readStorage, writeStorage } from '../storage.js';
import type { LocalMediaState } from './useLocalMedia.js';
import { AudioLevelMeter, SpeechDetector } from './audioLevel.js';

const READ_EVERY_MS = 50;
/** 1.5 s of readings decide whether this is speech (as for "You are muted"). */
const WINDOW = 30;
const STORAGE_KEY = 'parley.autoLowerHand';

/** After how many seconds of your speaking your raised hand goes down by itself; 0: never (the default). */
export const AUTO_LOWER_CHOICES = [0, 5, 15] as const;
export type AutoLowerSeconds = (typeof AUTO_LOWER_CHOICES)[number];

export function readAutoLower(): AutoLowerSeconds {
  const stored = Number(readStorage(STORAGE_KEY));
  return AUTO_LOWER_CHOICES.find((choice) => choice === stored) ?? 0;
}

export function writeAutoLower(seconds: AutoLowerSeconds): void {
  writeStorage(STORAGE_KEY, String(seconds));
}

/**
 * Lowers your raised hand once you have spoken for `seconds` (counted while it is up and your
 * microphone is on): you had the floor. Off (0) unless the person chose it. Listens to a clone of
 * the microphone, on the page only.
 */
export function useAutoLowerHand(room: Room, local: LocalMediaState, raised: boolean, seconds: AutoLowerSeconds): void {
  const track = local.media.audioTrack;
  const listen = seconds > 0 && raised && local.micEnabled && track !== null && track.readyState === 'live';
  useEffect(() => {
    if (!listen || !track) return;
    const meter = new AudioLevelMeter(track);
    const detector = new SpeechDetector(WINDOW);
    let spokenMs = 0;
    const timer = setInterval(() => {
      if (detector.push(meter.dbfs())) spokenMs += READ_EVERY_MS;
      if (spokenMs < seconds * 1000) return;
      clearInterval(timer);
      room.hands.lower().catch((error: unknown) => console.warn('[parley] hand not lowered', error));
    }, READ_EVERY_MS);
    return () => {
      clearInterval(timer);
      meter.close();
    };
  }, [listen, track, seconds, room]);
}
