import { describe, expect, it } from 'vitest';
import { RaisedHands } from '../src/RaisedHands.js';

describe('RaisedHands', () => {
  it('keeps the newest queue when events relayed between nodes overtake each other; a join snapshot starts afresh', () => {
    const changes: string[][] = [];
    const hands = new RaisedHands(
      async () => undefined,
      () => 'me',
      (queue) => changes.push(queue.map((hand) => hand.id)),
    );
    hands.replace([], 0, true);
    hands.replace(
      [
        { id: 'cyd', at: 1 },
        { id: 'ada', at: 2 },
      ],
      2,
    );
    hands.replace([{ id: 'cyd', at: 1 }], 1); // older, late: ignored
    expect(hands.queue.map((hand) => hand.id)).toEqual(['cyd', 'ada']);
    hands.replace([{ id: 'bob', at: 5 }], 0, true); // a new meeting counts from 0 again
    expect(hands.queue.map((hand) => hand.id)).toEqual(['bob']);
    expect(changes).toEqual([['cyd', 'ada'], ['bob']]);
  });
});
