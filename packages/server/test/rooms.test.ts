import { describe, expect, it } from 'vitest';
import { newParticipantId, newRoomId } from '../src/rooms/ids.js';
import { MemoryRoomStore } from '../src/rooms/MemoryRoomStore.js';
import type { Participant } from '../src/rooms/Participant.js';
import { RoomState } from '../src/rooms/RoomState.js';
import { ROOM_ID_PATTERN } from '@parley/protocol';

const person = (id: string): Participant => ({ id, name: `name-${id}`, socketId: `s-${id}`, joinedAt: 0, grants: ['join', 'publish'], mayHost: true });

describe('RoomState', () => {
  it('returns the members already there, in join order', () => {
    const room = new RoomState('r');
    expect(room.add(person('a'), 6)).toMatchObject({ ok: true, others: [] });
    expect(room.add(person('b'), 6)).toMatchObject({ ok: true, others: [person('a')] });
    const third = room.add(person('c'), 6);
    expect(third.ok && third.others.map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('refuses a participant over the cap and keeps the others', () => {
    const room = new RoomState('r');
    room.add(person('a'), 2);
    room.add(person('b'), 2);
    expect(room.add(person('c'), 2)).toEqual({ ok: false, reason: 'room-full', max: 2 });
    expect(room.members().map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('frees a seat when someone leaves', () => {
    const room = new RoomState('r');
    room.add(person('a'), 1);
    expect(room.remove('a')?.id).toBe('a');
    expect(room.remove('a')).toBeNull();
    expect(room.add(person('b'), 1).ok).toBe(true);
  });
});

describe('MemoryRoomStore', () => {
  it('keeps rooms apart and forgets empty ones', async () => {
    const store = new MemoryRoomStore();
    await store.join('one', person('a'), 6);
    await store.join('two', person('b'), 6);
    expect(await store.get('one', 'b')).toBeNull();
    expect((await store.members('two')).map((p) => p.id)).toEqual(['b']);
    expect(await store.stats()).toEqual({ rooms: 2, participants: 2 });
    await store.leave('one', 'a');
    expect(await store.stats()).toEqual({ rooms: 1, participants: 1 });
    expect(await store.leave('one', 'a')).toBeNull();
  });
});

describe('ids', () => {
  it('mints room ids with at least 128 random bits that fit the link pattern', () => {
    const ids = new Set(Array.from({ length: 1000 }, newRoomId));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(ROOM_ID_PATTERN);
      expect(Buffer.from(id, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    }
  });
  it('mints distinct participant ids', () => {
    expect(newParticipantId()).not.toBe(newParticipantId());
  });
});
