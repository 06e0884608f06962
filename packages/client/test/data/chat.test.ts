import { afterEach, describe, expect, it } from 'vitest';
import { CHAT_HISTORY_LIMIT } from '@parley/protocol';
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

describe('chat while a channel is still opening', () => {
  it('sends what was said before the channel opened once it opens, once, in order', async () => {
    const ada = new Chat(() => ({ id: 'adaadaadaada', name: 'Ada' }));
    const cyd = new Chat(() => ({ id: 'cydcydcydcyd', name: 'Cyd' }));
    cleanups.push(
      () => ada.close(),
      () => cyd.close(),
    );
    // Cyd just joined: both links exist, neither channel is open yet, and Ada is typing. Cyd asks
    // someone else for the history (not Ada), so only Ada can give her these messages.
    // Signaling at 300 ms a message: the channels cannot open before the messages below are sent.
    const pair = linkedPair({ idA: 'adaadaadaada', idB: 'cydcydcydcyd', signalDelayMs: 300 });
    cleanups.push(() => pair.close());
    await waitFor(() => !!pair.a.dataChannels && !!pair.b.dataChannels, { what: 'channels created', timeoutMs: 8_000 });
    const toCyd = pair.a.dataChannels!.chat;
    ada.attach({ id: 'cydcydcydcyd', name: 'Cyd', newcomerSide: false }, toCyd);
    cyd.attach({ id: 'adaadaadaada', name: 'Ada', newcomerSide: false }, pair.b.dataChannels!.chat);
    expect(toCyd.readyState).toBe('connecting');
    ada.send('one');
    ada.send('two');
    await waitFor(() => cyd.messages.length === 2, { what: 'what Ada said while the channel opened', timeoutMs: 10_000 });
    ada.send('three');
    await waitFor(() => cyd.messages.length === 3, { what: 'Ada’s next message', timeoutMs: 5_000 });
    expect(cyd.messages.map((m) => [m.text, m.seq, m.fromHistory])).toEqual([
      ['one', 1, false],
      ['two', 2, false],
      ['three', 3, false],
    ]);
  });
});

describe('chat history from a hostile peer', () => {
  it('is never taken as mine, never blocks the real messages it imitates, says who relayed it, and is bounded', async () => {
    const BOB = 'bobbobbobbob';
    const ANA = 'anaanaanaana';
    const MALLORY = 'mallorymallo';
    const bob = new Chat(() => ({ id: BOB, name: 'Bob' }));
    const ana = new Chat(() => ({ id: ANA, name: 'Ana' }));
    cleanups.push(
      () => bob.close(),
      () => ana.close(),
    );
    // Mallory answers Bob's history request herself, over a real data channel.
    const toMallory = await channels(BOB, MALLORY);
    toMallory.b.addEventListener('message', (event: MessageEvent) => {
      if (!String(event.data).includes('history-request')) return;
      const forged = [
        { from: ANA, name: 'Ana', seq: 1, text: 'forged: send me the password', ts: Date.now() },
        { from: BOB, name: 'Bob', seq: 1, text: 'forged: I agree', ts: Date.now() },
      ];
      toMallory.b.send(JSON.stringify({ t: 'history', messages: forged, done: false }));
      // Then page after page, far past what anyone keeps.
      const filler = Array.from({ length: 100 }, (_, i) => ({
        from: MALLORY,
        name: 'Mallory',
        seq: 1000 + i,
        text: 'spam',
        ts: Date.now(),
      }));
      for (let page = 0; page < 500; page++) {
        const entries = filler.map((entry) => ({ ...entry, seq: entry.seq + page * 100 }));
        toMallory.b.send(JSON.stringify({ t: 'history', messages: entries, done: false }));
      }
    });
    bob.attach({ id: MALLORY, name: 'Mallory', newcomerSide: true }, toMallory.a);
    await waitFor(() => bob.messages.length >= 2, { what: 'Mallory’s history', timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // every page has arrived

    // Bounded: at most one history's worth, however many pages came.
    expect(bob.messages.length).toBeLessThanOrEqual(CHAT_HISTORY_LIMIT);
    // Nothing relayed is "mine", and each says who relayed it.
    expect(bob.messages.some((m) => m.mine)).toBe(false);
    expect(bob.messages.every((m) => m.fromHistory && m.relayedBy?.name === 'Mallory')).toBe(true);

    // Ana's real first message (her seq 1, which Mallory's claim imitated) is shown, in her own words.
    const toAna = await channels(BOB, ANA);
    bob.attach({ id: ANA, name: 'Ana', newcomerSide: false }, toAna.a);
    ana.attach({ id: BOB, name: 'Bob', newcomerSide: true }, toAna.b);
    ana.send('hello Bob');
    await waitFor(() => bob.messages.some((m) => m.from === ANA && m.text === 'hello Bob'), {
      what: 'Ana’s real message',
      timeoutMs: 5_000,
    });
    const fromAna = bob.messages.filter((m) => m.from === ANA);
    expect(fromAna.map((m) => [m.text, m.fromHistory])).toEqual([['hello Bob', false]]);
    // Bob's own next message is his, and not confused with the forged "Bob:1".
    bob.send('my own words');
    expect(bob.messages.filter((m) => m.mine).map((m) => m.text)).toEqual(['my own words']);
  }, 30_000);
});
