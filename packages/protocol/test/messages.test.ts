import { describe, expect, it } from 'vitest';
import {
  DisplayNameSchema,
  JoinRequestSchema,
  MediaStateRequestSchema,
  ParleyError,
  RoomIdSchema,
  SignalMessageSchema,
  SignalRequestSchema,
  isParleyError,
} from '../src/index.js';

const offer = { type: 'offer', sdp: 'v=0\r\n' } as const;
const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };
const peerId = 'AbCdEfGhIjKlMnOpQrStUv';

describe('RoomIdSchema', () => {
  it.each(['a', 'standup', 'A-b_9', 'x'.repeat(64)])('accepts %s', (id) => {
    expect(RoomIdSchema.safeParse(id).success).toBe(true);
  });
  it.each(['', 'x'.repeat(65), 'has space', 'slash/here', '../etc', 'dot.dot', 'ünï', '<script>', 42, null])('rejects %s', (id) => {
    expect(RoomIdSchema.safeParse(id).success).toBe(false);
  });
});

describe('DisplayNameSchema', () => {
  it('trims surrounding space', () => {
    expect(DisplayNameSchema.parse('  Ada  ')).toBe('Ada');
  });
  it('accepts Korean and emoji', () => {
    expect(DisplayNameSchema.parse('김지수 🎧')).toBe('김지수 🎧');
  });
  it.each(['', '   ', 'x'.repeat(65), 'bell\u0007', 'new\nline', 'rtl\u202eevil', 'iso\u2066late'])('rejects %j', (name) => {
    expect(DisplayNameSchema.safeParse(name).success).toBe(false);
  });
  it('keeps markup as plain text (rendering escapes it)', () => {
    expect(DisplayNameSchema.parse('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('JoinRequestSchema', () => {
  it('accepts a room and a name', () => {
    expect(JoinRequestSchema.parse({ room: 'r1', name: 'Ada' })).toEqual({ room: 'r1', name: 'Ada' });
  });
  it('rejects unknown keys so no field can be smuggled in', () => {
    expect(JoinRequestSchema.safeParse({ room: 'r1', name: 'Ada', id: 'me' }).success).toBe(false);
  });
  it.each([undefined, null, 'r1', [], { room: 'r1' }, { name: 'Ada' }])('rejects %j', (value) => {
    expect(JoinRequestSchema.safeParse(value).success).toBe(false);
  });
});

describe('SignalRequestSchema', () => {
  it('accepts a description', () => {
    expect(SignalRequestSchema.safeParse({ to: peerId, description: offer }).success).toBe(true);
  });
  it('accepts a candidate', () => {
    expect(SignalRequestSchema.safeParse({ to: peerId, candidate }).success).toBe(true);
  });
  it('requires exactly one of description and candidate', () => {
    expect(SignalRequestSchema.safeParse({ to: peerId }).success).toBe(false);
    expect(SignalRequestSchema.safeParse({ to: peerId, description: offer, candidate }).success).toBe(false);
  });
  it('refuses a sender field: the server stamps `from`', () => {
    expect(SignalRequestSchema.safeParse({ to: peerId, from: peerId, description: offer }).success).toBe(false);
  });
  it('rejects rollback and pranswer types, and oversized SDP', () => {
    expect(SignalRequestSchema.safeParse({ to: peerId, description: { type: 'rollback', sdp: '' } }).success).toBe(false);
    expect(SignalRequestSchema.safeParse({ to: peerId, description: { type: 'offer', sdp: 'x'.repeat(60_001) } }).success).toBe(false);
  });
  it('rejects a malformed target id', () => {
    expect(SignalRequestSchema.safeParse({ to: 'short', description: offer }).success).toBe(false);
    expect(SignalRequestSchema.safeParse({ to: '../../x/y/zzzz', description: offer }).success).toBe(false);
  });
  it('validates relayed messages the same way on the client side', () => {
    expect(SignalMessageSchema.safeParse({ from: peerId, seq: 1, candidate }).success).toBe(true);
    expect(SignalMessageSchema.safeParse({ from: peerId, seq: 1 }).success).toBe(false);
    // The server always stamps a sequence number, starting at 1.
    expect(SignalMessageSchema.safeParse({ from: peerId, candidate }).success).toBe(false);
    expect(SignalMessageSchema.safeParse({ from: peerId, seq: 0, candidate }).success).toBe(false);
  });
});

describe('MediaStateRequestSchema', () => {
  const state = { audio: true, video: true, screen: false };

  it('takes whom the camera is paused to, as participant ids, and nothing else there', () => {
    expect(MediaStateRequestSchema.parse({ ...state, videoPausedTo: ['abcdefgh12', 'zyxwvuts98'] }).videoPausedTo).toHaveLength(2);
    expect(MediaStateRequestSchema.safeParse({ ...state, videoPausedTo: ['<script>'] }).success).toBe(false);
    expect(MediaStateRequestSchema.safeParse({ ...state, videoPausedTo: 'abcdefgh12' }).success).toBe(false);
    // More names than any mesh room holds: refused, so one client cannot make every other parse a flood.
    const many = Array.from({ length: 65 }, (_, i) => `participant-${String(i).padStart(3, '0')}`);
    expect(MediaStateRequestSchema.safeParse({ ...state, videoPausedTo: many }).success).toBe(false);
  });

  it('takes a busy computer as `cpuBusy: true` only', () => {
    expect(MediaStateRequestSchema.parse({ ...state, cpuBusy: true }).cpuBusy).toBe(true);
    expect(MediaStateRequestSchema.safeParse({ ...state, cpuBusy: false }).success).toBe(false);
    expect(MediaStateRequestSchema.safeParse({ ...state, cpuBusy: 'yes' }).success).toBe(false);
  });
});

describe('ParleyError', () => {
  it('says how full the room is', () => {
    const error = ParleyError.roomFull(6);
    expect(error.message).toBe('Room is full (6/6)');
    expect(error.code).toBe('room-full');
    expect(error.name).toBe('ParleyError');
    expect(isParleyError(error)).toBe(true);
    expect(error).toBeInstanceOf(Error);
  });
  it('round-trips through its wire payload', () => {
    const copy = ParleyError.fromPayload(ParleyError.tooLarge('signal', 70_000, 65_536).toPayload());
    expect(copy.code).toBe('message-too-large');
    expect(copy.message).toContain('65536');
  });
  it('is not confused with other errors', () => {
    expect(isParleyError(new Error('x'))).toBe(false);
    expect(isParleyError({ name: 'ParleyError', code: 'room-full' })).toBe(false);
  });
});
