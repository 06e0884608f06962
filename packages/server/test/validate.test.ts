import { describe, expect, it } from 'vitest';
import { validateClientMessage } from '../src/transport/validate.js';

const ack = () => undefined;

describe('validateClientMessage', () => {
  it('passes a valid join and returns the parsed payload', () => {
    const result = validateClientMessage('join', [{ room: 'r', name: '  Ada ' }, ack]);
    expect(result).toEqual({ ok: true, event: 'join', payload: { room: 'r', name: 'Ada' } });
  });

  it.each([
    ['unknown event', 'nope', [{}], 'unknown-event'],
    ['non-string event', 42, [{}], 'unknown-event'],
    ['inherited property name', 'toString', [{}], 'unknown-event'],
    ['missing payload', 'join', [ack], 'invalid-message'],
    ['two payloads', 'join', [{ room: 'r', name: 'a' }, { x: 1 }, ack], 'invalid-message'],
    ['wrong type', 'join', ['r'], 'invalid-message'],
    ['bad room', 'join', [{ room: 'a b', name: 'a' }], 'invalid-message'],
    ['oversized', 'signal', [{ to: 'x'.repeat(20), description: { type: 'offer', sdp: 'x'.repeat(70_000) } }], 'message-too-large'],
  ])('refuses %s', (_label, event, args, code) => {
    const result = validateClientMessage(event, args as unknown[]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it('names the failing field', () => {
    const result = validateClientMessage('join', [{ room: 'ok', name: '' }]);
    expect(!result.ok && result.error.message).toMatch(/name/);
  });
});
