import { describe, expect, it } from 'vitest';
import { SignalSequencer } from '../../src/relay/SignalSequencer.js';

describe('SignalSequencer', () => {
  it('numbers each sender→receiver stream from 1; a forgotten participant starts again, as sender and as receiver, and the others keep counting', () => {
    const sequencer = new SignalSequencer();
    expect([sequencer.next('ada', 'bob'), sequencer.next('ada', 'bob'), sequencer.next('bob', 'ada'), sequencer.next('cy', 'ada')]).toEqual(
      [1, 2, 1, 1],
    );
    sequencer.forget('ada');
    expect([sequencer.next('ada', 'bob'), sequencer.next('bob', 'ada'), sequencer.next('cy', 'ada')]).toEqual([1, 1, 1]);
    expect(sequencer.next('bob', 'cy')).toBe(1);
    expect(sequencer.next('bob', 'cy')).toBe(2);
    for (const participant of ['ada', 'bob', 'cy']) sequencer.forget(participant);
    expect(sequencer.size).toBe(0);
  });

  it('lets go of everything when a whole node of rooms empties', () => {
    const sequencer = new SignalSequencer();
    const people = Array.from({ length: 2_000 }, (_, index) => `p${index}`);
    // Rooms of 4: each person signals the other three.
    for (const [index, person] of people.entries()) {
      const first = index - (index % 4);
      for (let mate = first; mate < first + 4; mate++) if (mate !== index) sequencer.next(person, people[mate]!);
    }
    for (const person of people) sequencer.forget(person);
    expect(sequencer.size).toBe(0);
  });
});
