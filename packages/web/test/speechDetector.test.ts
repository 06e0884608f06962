import { describe, expect, it } from 'vitest';
import { SpeechDetector, VOICE_DBFS } from '../src/hooks/audioLevel.js';

const LOUD = VOICE_DBFS + 15;
const QUIET = -65;

/** Feeds a pattern of readings; returns what the detector said after the last. */
function feed(detector: SpeechDetector, pattern: readonly number[]): boolean {
  let said = false;
  for (const reading of pattern) said = detector.push(reading);
  return said;
}

describe('SpeechDetector', () => {
  it('hears talking: a voice in a fifth or more of the window', () => {
    // Syllables: voiced three readings in ten, over 1.5 s of readings.
    const syllables = Array.from({ length: 30 }, (_, i) => (i % 10 < 3 ? LOUD : QUIET));
    expect(feed(new SpeechDetector(30), syllables)).toBe(true);
  });

  it('does not call a quiet room, a single knock or an unfilled window speech', () => {
    expect(feed(new SpeechDetector(30), Array(60).fill(QUIET))).toBe(false);
    const knock = Array.from({ length: 30 }, (_, i) => (i === 12 || i === 13 ? LOUD : QUIET));
    expect(feed(new SpeechDetector(30), knock)).toBe(false);
    expect(feed(new SpeechDetector(30), Array(20).fill(LOUD))).toBe(false);
  });

  it('forgets speech once it has left the window', () => {
    const detector = new SpeechDetector(30);
    expect(feed(detector, Array(30).fill(LOUD))).toBe(true);
    expect(feed(detector, Array(25).fill(QUIET))).toBe(false);
  });
});
