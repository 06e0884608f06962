import { afterEach, describe, expect, it } from 'vitest';
import { Chat } from '../../src/data/Chat.js';
import { linkedPair } from '../support/wrtc.js';
import { waitFor } from '@parley/testkit';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function channels(idA: string, idB: string) {
  const pair = linkedPair({ idA, idB });
  cleanups.push(() => pair.close());
  await waitFor(() => pair.a.dataChannels?.chat.readyState === 'open' && pair.b.dataChannels?.chat.readyState === 'open', {
    what: 'chat open',
    timeoutMs: 10_000,
  });
  return { a: pair.a.dataChannels!.chat, b: pair.b.dataChannels!.chat };
}

describe('Chat on real data channels', () => {
  it('refuses empty and too long messages', () => {
    const chat = new Chat(() => ({ id: 'selfselfself', name: 'Me' }));
    expect(() => chat.send('   ')).toThrow(/1 to 2000/);
    expect(() => chat.send('x'.repeat(2001))).toThrow(/1 to 2000/);
    expect(new Chat(() => null).send.bind(null, 'x')).toThrow();
  });

  it('after a rejoin (every link replaced), asks for history again and appends what was missed, once', async () => {
    const ada = new Chat(() => ({ id: 'adaadaadaada', name: 'Ada' }));
    let bobId = 'bobbobbob001';
    const bob = new Chat(() => ({ id: bobId, name: 'Bob' }));
    cleanups.push(
      () => ada.close(),
      () => bob.close(),
    );
    const first = await channels('adaadaadaada', 'bobbobbob001');
    ada.attach({ id: 'bobbobbob001', name: 'Bob', newcomerSide: false }, first.a);
    bob.attach({ id: 'adaadaadaada', name: 'Ada', newcomerSide: true }, first.b);
    ada.send('before');
    await waitFor(() => bob.messages.length === 1, { what: 'Ada’s first message', timeoutMs: 5_000 });
    bob.send('hi');
    await waitFor(() => ada.messages.length === 2 && bob.messages.length === 2, { what: 'first messages', timeoutMs: 5_000 });

    // Bob's signaling drops: every link goes; Ada keeps talking meanwhile.
    bob.detach('adaadaadaada');
    ada.detach('bobbobbob001');
    ada.send('while you were away');
    bobId = 'bobbobbob002';
    const second = await channels('adaadaadaada', 'bobbobbob002');
    ada.attach({ id: 'bobbobbob002', name: 'Bob', newcomerSide: false }, second.a);
    bob.attach({ id: 'adaadaadaada', name: 'Ada', newcomerSide: true }, second.b);
    await waitFor(() => bob.messages.length === 3, { what: 'missed message', timeoutMs: 5_000 });
    expect(bob.messages.map((m) => [m.text, m.fromHistory])).toEqual([
      ['before', false],
      ['hi', false],
      ['while you were away', true],
    ]);
    bob.send('back');
    await waitFor(() => ada.messages.length === 4, { what: 'Bob is back', timeoutMs: 5_000 });
    expect(ada.messages.map((m) => `${m.name}:${m.text}`)).toEqual(['Ada:before', 'Bob:hi', 'Ada:while you were away', 'Bob:back']);
    expect(new Set(ada.messages.map((m) => m.id)).size).toBe(4);
  });
});
