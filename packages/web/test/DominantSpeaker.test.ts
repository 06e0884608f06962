import { describe, expect, it } from 'vitest';
import { DominantSpeaker, HOLD_MS } from '../src/room/DominantSpeaker.js';

/** Runs one sample a second; returns who held the floor after each. */
function run(samples: Record<string, number | null>[]): (string | null)[] {
  const speaker = new DominantSpeaker();
  return samples.map((levels, second) => speaker.update(new Map(Object.entries(levels)), second * 1_000));
}

describe('the dominant speaker', () => {
  it('goes at once to someone talking alone, and stays through a pause shorter than the hold', () => {
    expect(
      run([
        { ana: 0, ben: 0 },
        { ana: 0.3, ben: 0 },
        { ana: 0, ben: 0 },
        { ana: 0.3, ben: 0 },
      ]),
    ).toEqual([null, 'ana', 'ana', 'ana']);
  });

  it('lets go after a silence longer than the hold', () => {
    const silentSamples = Math.ceil(HOLD_MS / 1_000) + 1;
    const history = run([{ ana: 0.3 }, ...Array.from({ length: silentSamples }, () => ({ ana: 0 }))]);
    expect(history[0]).toBe('ana');
    expect(history.at(-1)).toBeNull();
  });

  it('does not hop between two people talking at once: the speaker keeps the floor while the other is about as loud', () => {
    const both = [
      { ana: 0.3, ben: 0.05 },
      { ana: 0.2, ben: 0.35 },
      { ana: 0.3, ben: 0.25 },
      { ana: 0.25, ben: 0.4 },
      { ana: 0.3, ben: 0.45 },
    ];
    expect(run(both)).toEqual(['ana', 'ana', 'ana', 'ana', 'ana']);
  });

  it('hands the floor to someone clearly louder for two samples in a row, never for one', () => {
    expect(
      run([
        { ana: 0.1, ben: 0 },
        { ana: 0.1, ben: 0.5 },
        { ana: 0.1, ben: 0 },
        { ana: 0.1, ben: 0.5 },
      ]),
    ).toEqual(['ana', 'ana', 'ana', 'ana']);
    expect(
      run([
        { ana: 0.1, ben: 0 },
        { ana: 0.1, ben: 0.5 },
        { ana: 0.1, ben: 0.5 },
      ]),
    ).toEqual(['ana', 'ana', 'ben']);
  });

  it('takes over at once when the speaker stopped, and drops a speaker who left the room', () => {
    expect(
      run([
        { ana: 0.3, ben: 0 },
        { ana: 0, ben: 0.1 },
      ]),
    ).toEqual(['ana', 'ben']);
    expect(run([{ ana: 0.3, ben: 0 }, { ben: 0 }])).toEqual(['ana', null]);
  });

  it('ignores levels below the speaking threshold and unknown levels', () => {
    expect(run([{ ana: 0.01, ben: null }])).toEqual([null]);
  });
});
