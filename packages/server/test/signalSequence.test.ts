import { describe, expect, it } from 'vitest';
import { OFFER, collect, connect, joined, serverPerFile } from './support/harness.js';
import { waitFor } from '@parley/testkit';

const server = serverPerFile();

describe('relayed signal sequence numbers', () => {
  it('numbers each sender→receiver stream from 1, and starts again after a rejoin', async () => {
    const room = `seq-${Date.now()}`;
    const [ada, bob, cy] = await Promise.all([connect(server()), connect(server()), connect(server())]);
    const adaInfo = (await joined(ada, room, 'Ada')).self;
    const bobInfo = (await joined(bob, room, 'Bob')).self;
    const cyInfo = (await joined(cy, room, 'Cy')).self;
    const atBob = collect(bob, 'signal') as Array<{ from: string; seq: number }>;
    const atCy = collect(cy, 'signal') as Array<{ from: string; seq: number }>;

    for (let i = 0; i < 3; i++) ada.emit('signal', { to: bobInfo.id, description: OFFER });
    ada.emit('signal', { to: cyInfo.id, description: OFFER });
    bob.emit('signal', { to: cyInfo.id, description: OFFER });
    await waitFor(() => atBob.length === 3 && atCy.length === 2, { what: 'five relayed signals' });
    expect(atBob.map((m) => [m.from, m.seq])).toEqual([
      [adaInfo.id, 1],
      [adaInfo.id, 2],
      [adaInfo.id, 3],
    ]);
    expect(atCy.map((m) => [m.from, m.seq]).sort()).toEqual(
      [
        [adaInfo.id, 1],
        [bobInfo.id, 1],
      ].sort(),
    );

    // Ada leaves and comes back: a new participant id, a new stream from 1.
    await ada.timeout(5_000).emitWithAck('leave', {});
    const again = (await joined(ada, room, 'Ada')).self;
    ada.emit('signal', { to: bobInfo.id, description: OFFER });
    await waitFor(() => atBob.length === 4, { what: 'the signal after the rejoin' });
    expect(atBob[3]).toMatchObject({ from: again.id, seq: 1 });
  });
});
