import { describe, expect, it } from 'vitest';
import { SignalSequence } from '../src/SignalSequence.js';

describe('SignalSequence', () => {
  it('accepts each sender stream in order, independently of other senders', () => {
    const sequence = new SignalSequence();
    expect(sequence.check('ada', 1)).toEqual({ kind: 'next' });
    expect(sequence.check('bob', 1)).toEqual({ kind: 'next' });
    expect(sequence.check('ada', 2)).toEqual({ kind: 'next' });
  });

  it('drops duplicates and late repeats', () => {
    const sequence = new SignalSequence();
    sequence.check('ada', 1);
    sequence.check('ada', 2);
    expect(sequence.check('ada', 2)).toEqual({ kind: 'duplicate' });
    expect(sequence.check('ada', 1)).toEqual({ kind: 'duplicate' });
    expect(sequence.check('ada', 3)).toEqual({ kind: 'next' });
  });

  it('reports a gap with the missing range and resumes after it', () => {
    const sequence = new SignalSequence();
    sequence.check('ada', 1);
    expect(sequence.check('ada', 5)).toEqual({ kind: 'gap', expected: 2, received: 5 });
    expect(sequence.check('ada', 6)).toEqual({ kind: 'next' });
    expect(sequence.check('ada', 3)).toEqual({ kind: 'duplicate' });
  });

  it('starts a sender again at 1 once forgotten (it left and rejoined)', () => {
    const sequence = new SignalSequence();
    sequence.check('ada', 1);
    sequence.check('ada', 2);
    sequence.forget('ada');
    expect(sequence.check('ada', 1)).toEqual({ kind: 'next' });
    sequence.clear();
    expect(sequence.check('ada', 1)).toEqual({ kind: 'next' });
  });
});
