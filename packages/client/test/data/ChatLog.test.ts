import { describe, expect, it } from 'vitest';
import { ChatLog, historyId, liveId, type ChatMessage } from '../../src/data/ChatLog.js';

const msg = (from: string, seq: number, history = false): ChatMessage => ({
  id: history ? historyId('relayer', from, seq) : liveId(from, seq),
  from,
  name: from.toUpperCase(),
  seq,
  text: `${from}${seq}`,
  ts: seq,
  mine: false,
  fromHistory: history,
  relayedBy: history ? { id: 'relayer', name: 'Relayer' } : null,
});
const ids = (log: ChatLog) => log.messages.map((m) => m.id);
const keys = (log: ChatLog) => log.messages.map((m) => `${m.from}:${m.seq}`);

describe('ChatLog', () => {
  it('keeps each message once', () => {
    const log = new ChatLog();
    expect(log.addLive(msg('a', 1))).toBe(true);
    expect(log.addLive(msg('a', 1))).toBe(false);
    expect(log.addHistory([msg('a', 1, true)], { at: 0 })).toEqual([]);
    expect(ids(log)).toEqual(['a:1']);
  });

  it('puts history ahead of live messages, in the relaying peer’s order', () => {
    const log = new ChatLog();
    log.addLive(msg('c', 1));
    const cursor = { at: 0 };
    log.addHistory([msg('a', 1, true), msg('b', 1, true)], cursor);
    log.addHistory([msg('a', 2, true)], cursor); // a second page continues after the first
    expect(keys(log)).toEqual(['a:1', 'b:1', 'a:2', 'c:1']);
  });

  it('never shows a sender’s messages out of sequence when history and live messages cross', () => {
    const log = new ChatLog();
    // Live b:5 arrives first; history then brings b:4 and b:6 (b:6 had reached the relaying peer earlier).
    log.addLive(msg('b', 5));
    log.addHistory([msg('a', 1, true), msg('b', 4, true), msg('b', 6, true)], { at: 0 });
    const bs = log.messages.filter((m) => m.from === 'b').map((m) => m.seq);
    expect(bs).toEqual([4, 5, 6]);
    // A live b:6 from b itself takes the place of the relayed copy (once); a live b:3 goes before b:4.
    expect(log.addLive(msg('b', 6))).toBe(true);
    expect(log.addLive(msg('b', 6))).toBe(false);
    log.addLive(msg('b', 3));
    expect(log.messages.filter((m) => m.from === 'b').map((m) => [m.seq, m.fromHistory])).toEqual([
      [3, false],
      [4, true],
      [5, false],
      [6, false],
    ]);
  });

  it('a relayed claim never blocks the real message: the sender’s own word replaces it', () => {
    const log = new ChatLog();
    log.addHistory([{ ...msg('ana', 1, true), text: 'forged' }], { at: 0 });
    expect(log.addLive({ ...msg('ana', 1), text: 'real' })).toBe(true);
    expect(log.messages.map((m) => [m.text, m.fromHistory])).toEqual([['real', false]]);
  });

  it('is bounded, and forgotten messages are still never shown twice', () => {
    const log = new ChatLog(3);
    for (let i = 1; i <= 5; i++) log.addLive(msg('a', i));
    expect(ids(log)).toEqual(['a:3', 'a:4', 'a:5']);
    expect(log.addLive(msg('a', 1))).toBe(false);
    expect(log.recent(2).map((m) => m.id)).toEqual(['a:4', 'a:5']);
  });
});
