import { describe, expect, it } from 'vitest';
import { JoinRequestSchema, ModerateRequestSchema, ModerationNoticeSchema, RoomStatusSchema, clientRequests } from '../src/index.js';

const ID = 'AbCdEfGh12345678';

describe('join request access fields', () => {
  it('accepts a password, an access token and resume tokens', () => {
    const request = { room: 'r1', name: 'Ada', password: 'pw', token: 'aaa.bbb.ccc', resume: 'x.y.z', replaces: 'x.y.z' };
    expect(JoinRequestSchema.parse(request)).toEqual(request);
  });

  it('refuses an empty or huge password and a token that is not one', () => {
    for (const bad of [
      { password: '' },
      { password: 'p'.repeat(257) },
      { token: 'has spaces in it' },
      { token: 'a'.repeat(4097) },
      { resume: '<script>' },
      { replaces: 42 },
    ]) {
      expect(JoinRequestSchema.safeParse({ room: 'r1', name: 'Ada', ...bad }).success, JSON.stringify(bad).slice(0, 60)).toBe(false);
    }
  });
});

describe('moderation requests', () => {
  it('are in the server validator table', () => {
    expect(clientRequests.moderate.payload).toBe(ModerateRequestSchema);
  });

  it('accept exactly the four actions with their fields', () => {
    for (const request of [
      { action: 'lock', locked: true },
      { action: 'remove', id: ID },
      { action: 'mute', id: ID },
      { action: 'make-host', id: ID },
    ]) {
      expect(ModerateRequestSchema.parse(request)).toEqual(request);
    }
  });

  it('refuse unknown actions, missing or extra fields and bad ids', () => {
    for (const bad of [
      { action: 'ban-all' },
      { action: 'lock' },
      { action: 'lock', locked: 'yes' },
      { action: 'remove' },
      { action: 'remove', id: 'short' },
      { action: 'mute', id: ID, reason: 'extra' },
      { action: 'make-host', id: ID, locked: true },
      null,
      'remove',
    ]) {
      expect(ModerateRequestSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('server → client moderation messages', () => {
  it('room status and notices parse; anything else does not', () => {
    expect(RoomStatusSchema.parse({ hostId: null, locked: false, passwordProtected: true, waitingRoom: false })).toBeTruthy();
    expect(RoomStatusSchema.safeParse({ hostId: 'x', locked: false, passwordProtected: false, waitingRoom: false }).success).toBe(false);
    expect(ModerationNoticeSchema.parse({ kind: 'removed', by: ID })).toEqual({ kind: 'removed', by: ID });
    expect(ModerationNoticeSchema.safeParse({ kind: 'promoted', by: ID }).success).toBe(false);
  });
});
