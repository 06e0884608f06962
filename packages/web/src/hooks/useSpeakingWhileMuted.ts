import { useEffect, useState } from 'react';
import type { LocalMediaState } from './useLocalMedia.js';
import { AudioLevelMeter, SpeechDetector } from './audioLevel.js';

const READ_EVERY_MS = 50;
/** 1.5 s of readings decide whether this is speech. */
const WINDOW = 30;
/** The hint stays this long after the talking stops. */
const HOLD_MS = 3_000;

/**
 * True while the person talks with their microphone muted (and a little after), so the call can
 * say "You are muted". Listens only while muted, to a clone of the muted track.
 */
export function useSpeakingWhileMuted(local: LocalMediaState): boolean {
  const [speaking, setSpeaking] = useState(false);
  const track = local.media.audioTrack;
  const listen = !local.micEnabled && track !== null && track.readyState === 'live';
  useEffect(() => {
    if (!listen || !track) {
      setSpeaking(false);
      return;
    }
    const meter = new AudioLevelMeter(track);
    const detector = new SpeechDetector(WINDOW);
    let lastSpeech = -Infinity;
    const timer = setInterval(() => {
      const now = performance.now();
      if (detector.push(meter.dbfs())) lastSpeech = now;
      setSpeaking(now - lastSpeech < HOLD_MS);
    }, READ_EVERY_MS);
    return () => {
      clearInterval(timer);
      meter.close();
    };
  }, [listen, track]);
  return speaking;
}
