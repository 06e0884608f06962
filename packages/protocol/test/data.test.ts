import { describe, expect, it } from 'vitest';
import { ChatWireSchema, FileWireSchema, MAX_CHAT_CHARS } from '../src/index.js';

const id = 'T1a2b3c4d5e6';
const secret = 'A'.repeat(43);

describe('chat wire messages', () => {
  it('accepts a message, a history request and a history page', () => {
    expect(ChatWireSchema.safeParse({ t: 'msg', seq: 1, text: 'hi', ts: 1_700_000_000_000 }).success).toBe(true);
    expect(ChatWireSchema.safeParse({ t: 'history-request' }).success).toBe(true);
    const entry = { from: 'AbCdEfGhIjKl', name: 'Ada', seq: 3, text: 'x', ts: 0 };
    expect(ChatWireSchema.safeParse({ t: 'history', messages: [entry], done: true }).success).toBe(true);
  });

  it.each([
    ['an empty text', { t: 'msg', seq: 1, text: '', ts: 0 }],
    ['a too long text', { t: 'msg', seq: 1, text: 'x'.repeat(MAX_CHAT_CHARS + 1), ts: 0 }],
    ['seq 0', { t: 'msg', seq: 0, text: 'x', ts: 0 }],
    ['a fractional seq', { t: 'msg', seq: 1.5, text: 'x', ts: 0 }],
    ['a claimed sender on a live message', { t: 'msg', seq: 1, text: 'x', ts: 0, from: 'AbCdEfGhIjKl' }],
    ['an unknown type', { t: 'html', html: '<b>' }],
    [
      'a history name with a bidi override',
      { t: 'history', done: true, messages: [{ from: 'AbCdEfGhIjKl', name: 'a\u202Eb', seq: 1, text: 'x', ts: 0 }] },
    ],
    [
      'a history entry with a bad sender id',
      { t: 'history', done: true, messages: [{ from: '../x', name: 'a', seq: 1, text: 'x', ts: 0 }] },
    ],
  ])('refuses %s', (_, value) => {
    expect(ChatWireSchema.safeParse(value).success).toBe(false);
  });
});

describe('file wire messages', () => {
  it('accepts each control message', () => {
    const ok = [
      { t: 'offer', files: [{ id, name: 'a.txt', size: 3, type: 'text/plain' }] },
      { t: 'accept', id, key: secret },
      { t: 'decline', id },
      { t: 'start', id, stream: 1, offset: 0 },
      { t: 'ack', id, offset: 1024 },
      { t: 'end', id, sha256: 'a'.repeat(64) },
      { t: 'done', id, ok: true },
      { t: 'cancel', id, reason: 'cancelled' },
      { t: 'resume', id, offset: 10, proof: secret },
      { t: 'resume-ok', id, proof: secret },
    ];
    for (const message of ok) expect(FileWireSchema.safeParse(message).success, message.t).toBe(true);
  });

  it.each([
    ['an empty offer', { t: 'offer', files: [] }],
    ['a negative size', { t: 'offer', files: [{ id, name: 'a', size: -1, type: '' }] }],
    ['an unsafe size', { t: 'offer', files: [{ id, name: 'a', size: 2 ** 53, type: '' }] }],
    ['a huge name', { t: 'offer', files: [{ id, name: 'x'.repeat(1025), size: 1, type: '' }] }],
    ['a bad transfer id', { t: 'accept', id: 'a/b', key: secret }],
    ['a short key', { t: 'accept', id, key: 'abc' }],
    ['an upper-case digest', { t: 'end', id, sha256: 'A'.repeat(64) }],
    ['stream 0', { t: 'start', id, stream: 0, offset: 0 }],
    ['an extra field', { t: 'ack', id, offset: 1, from: 'x' }],
  ])('refuses %s', (_, value) => {
    expect(FileWireSchema.safeParse(value).success).toBe(false);
  });
});
