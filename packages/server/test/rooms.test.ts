import { describe, expect, it } from 'vitest';
import { e2eeAdmission, e2eeRecordingRefusal, setE2ee } from '../src/access/e2ee.js';
import { newParticipantId, newRoomId } from '../src/rooms/ids.js';
import { MemoryRoomStore } from '../src/rooms/MemoryRoomStore.js';
import type { Participant } from '../src/rooms/Participant.js';
import { RoomState, type RoomStateData } from '../src/rooms/RoomState.js';
import { MEETING_CODE_ALPHABET, MEETING_CODE_PATTERN, ParleyError, ROOM_ID_PATTERN } from '@parley/protocol';

const person = (id: string): Participant => ({
  id,
  name: `name-${id}`,
  socketId: `s-${id}`,
  joinedAt: 0,
  grants: ['join', 'publish'],
  mayHost: true,
  encryptsMedia: false,
});

describe('RoomState', () => {
  it('returns the members already there, in join order', () => {
    const room = new RoomState('r');
    expect(room.add(person('a'), 6)).toMatchObject({ ok: true, others: [] });
    expect(room.add(person('b'), 6)).toMatchObject({ ok: true, others: [person('a')] });
    const third = room.add(person('c'), 6);
    expect(third.ok && third.others.map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('keeps raised hands in the order raised, through its plain data, and lowers a leaver’s', () => {
    const room = new RoomState('r');
    for (const id of ['a', 'b', 'c']) room.add(person(id), 6);
    expect(room.hands.set('c', true, 10)).toBe(true);
    expect(room.hands.set('a', true, 20)).toBe(true);
    expect(room.hands.set('c', true, 30)).toBe(false); // up already: keeps its place and time
    const copy = RoomState.fromData(JSON.parse(JSON.stringify(room.toData())));
    expect(copy.hands.queue()).toEqual([
      { id: 'c', at: 10 },
      { id: 'a', at: 20 },
    ]);
    copy.remove('c');
    expect(copy.hands.queue()).toEqual([{ id: 'a', at: 20 }]);
    expect(copy.hands.set('b', false, 40)).toBe(false);
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
  it('mints room ids as readable meeting codes, every symbol equally likely, that fit the link pattern', () => {
    const ids = Array.from({ length: 3000 }, newRoomId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(ROOM_ID_PATTERN);
      expect(id).toMatch(MEETING_CODE_PATTERN);
    }
    // 48,000 symbols over 30: each about 1,600 times. A chi-square over 29 degrees of freedom stays
    // under 70 but for one run in 30,000; a plain modulo (16 symbols favoured 9:8) gives about 160.
    const counts = new Map<string, number>();
    for (const symbol of ids.join('').replaceAll('-', '')) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    expect([...counts.keys()].sort().join('')).toBe(MEETING_CODE_ALPHABET);
    const expected = (ids.length * 16) / MEETING_CODE_ALPHABET.length;
    const chiSquare = [...counts.values()].reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(70);
  });
  it('mints distinct participant ids', () => {
    expect(newParticipantId()).not.toBe(newParticipantId());
  });
});

describe('RoomState host and access', () => {
  const member = (id: string, joinedAt: number, mayHost = true): Participant => ({ ...person(id), joinedAt, mayHost });

  it('the creator hosts; when the host leaves, the longest-present who may host takes over', () => {
    const room = new RoomState('r');
    room.add(member('a', 1), 6);
    room.add(member('guest', 2, false), 6); // an access token without `moderate`
    room.add(member('c', 3), 6);
    expect(room.hostId).toBe('a');
    room.remove('a');
    expect(room.hostId).toBe('c');
    room.remove('c');
    expect(room.hostId).toBeNull(); // nobody left may host: nobody does
  });

  it('a host who left takes the role back as their reloaded page, only within the window, only from whom it passed to', () => {
    const room = new RoomState('r');
    room.add(member('a', 1), 6);
    room.add(member('b', 2), 6);
    room.add(member('guest', 3, false), 6);
    room.remove('a'); // the host's page unloads
    expect(room.hostId).toBe('b');
    room.add(member('a2', 4), 6); // the reloaded page, a new participant
    const left = Date.now();
    expect(room.reclaimHost('somebody-else', 'a2', 60_000)).toBe(false);
    expect(room.reclaimHost('a', 'a2', 60_000, left + 61_000)).toBe(false); // too late
    expect(room.reclaimHost('a', 'a2', 60_000)).toBe(true);
    expect(room.hostId).toBe('a2');
    expect(room.reclaimHost('a', 'a2', 60_000)).toBe(false); // once
    // Handed on since the host left: that choice stands.
    room.remove('a2');
    room.setHost('guest');
    room.add(member('a3', 5), 6);
    expect(room.reclaimHost('a2', 'a3', 60_000)).toBe(false);
    expect(RoomState.fromData(room.toData()).toData()).toEqual(room.toData());
  });

  it('a refusal from the admission leaves the room untouched; the creator sets the password', () => {
    const room = new RoomState('r');
    expect(room.add(member('a', 1), 6, undefined, { passwordHash: 'scrypt$x$y' })).toMatchObject({ ok: true, created: true });
    expect(room.status()).toEqual({ hostId: 'a', locked: false, passwordProtected: true, waitingRoom: false, e2ee: false });
    const refusal = new ParleyError('room-locked', 'locked');
    expect(room.add(member('b', 2), 6, () => refusal, { passwordHash: null })).toEqual({ ok: false, reason: 'refused', error: refusal });
    expect(room.members().map((p) => p.id)).toEqual(['a']);
    expect(room.passwordHash).toBe('scrypt$x$y');
  });

  it('a removed participant is remembered; a returning id replaces its entry even when full', () => {
    const room = new RoomState('r');
    room.add(member('a', 1), 2);
    room.add(member('b', 2), 2);
    expect(room.add({ ...member('b', 2), socketId: 'new-socket' }, 2)).toMatchObject({ ok: true, created: false });
    expect(room.get('b')?.socketId).toBe('new-socket');
    room.ban('b');
    expect(room.wasRemoved('b')).toBe(true);
    expect(room.members().map((p) => p.id)).toEqual(['a']);
  });
});

describe('RoomState end-to-end encryption', () => {
  const encrypting = (id: string, joinedAt: number): Participant => ({ ...person(id), joinedAt, encryptsMedia: true });

  it('is set up by the join that creates the room, kept through its plain data, and absent in older data is off', () => {
    const room = new RoomState('r');
    expect(room.add(encrypting('a', 1), 6, undefined, { passwordHash: null, e2ee: true })).toMatchObject({
      ok: true,
      status: { e2ee: true },
    });
    // Only the creating join sets the room up.
    room.add(encrypting('b', 2), 6, undefined, { passwordHash: null, e2ee: false });
    expect(room.status().e2ee).toBe(true);
    const copy = RoomState.fromData(JSON.parse(JSON.stringify(room.toData())) as RoomStateData);
    expect(copy.e2ee).toBe(true);
    expect(copy.get('b')?.encryptsMedia).toBe(true);
    expect(copy.toData()).toEqual(room.toData());
    const { e2ee: _dropped, ...older } = room.toData();
    expect(RoomState.fromData(older).status().e2ee).toBe(false);
    expect(new RoomState('fresh').status().e2ee).toBe(false);
  });

  it('admits only software that encrypts while on; the host turns it on only when everyone can encrypt and nothing is recorded', () => {
    const room = new RoomState('r');
    room.add(encrypting('a', 1), 6, undefined, { passwordHash: null, e2ee: true });
    const sdk = { ...person('sdk'), name: 'Sid the bot', joinedAt: 2 };
    expect(room.add(sdk, 6, (r) => e2eeAdmission(r, false))).toMatchObject({ ok: false, error: { code: 'e2ee-unsupported' } });
    expect(room.add(encrypting('b', 3), 6, (r) => e2eeAdmission(r, true))).toMatchObject({ ok: true });

    setE2ee(room, false);
    expect(room.add(sdk, 6, (r) => e2eeAdmission(r, false))).toMatchObject({ ok: true, status: { e2ee: false } });
    expect(() => setE2ee(room, true)).toThrow(
      expect.objectContaining({
        code: 'e2ee-unsupported',
        message: expect.stringMatching(/^Sid the bot uses software that cannot encrypt/),
      }),
    );
    expect(room.e2ee).toBe(false);
    room.remove('sdk');
    room.recording = { id: 'rec', url: 'ws://janus', janusRoom: 1 };
    expect(() => setE2ee(room, true)).toThrow(
      expect.objectContaining({ code: 'forbidden', message: expect.stringMatching(/^Stop the recording first/) }),
    );
    expect(e2eeRecordingRefusal(room)).toBeNull();
    room.recording = null;
    setE2ee(room, true);
    expect(room.e2ee).toBe(true);
    expect(e2eeRecordingRefusal(room)).toMatchObject({ code: 'e2ee-on' });
  });

  it('names who cannot encrypt, a few of them when many', () => {
    const room = new RoomState('r');
    for (const [i, name] of ['Ada', 'Bo', 'Cy', 'Di', 'Ed', 'Flo'].entries()) room.add({ ...person(`p${i}`), name, joinedAt: i }, 10);
    expect(() => setE2ee(room, true)).toThrow(
      /^Ada, Bo, Cy and 3 others use software that cannot encrypt media end to end: turn encryption on once they have all left\.$/,
    );
    room.remove('p3');
    room.remove('p4');
    room.remove('p5');
    expect(() => setE2ee(room, true)).toThrow(/^Ada, Bo and Cy use software/);
  });
});
