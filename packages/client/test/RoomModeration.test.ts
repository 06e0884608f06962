import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { isParleyError, type ParleyError } from '@parley/protocol';
import { Room } from '../src/Room.js';
import type { LocalTracks } from '../src/media/LocalTracks.js';
import { webrtc } from './support/wrtc.js';
import { waitFor } from '@parley/testkit';

let server: ParleyServer;
const rooms: Room[] = [];
beforeAll(async () => {
  server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent' }));
  await server.listen();
});
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((room) => room.leave()));
});
afterAll(async () => server.close());

let counter = 0;
const freshRoom = (): string => `room-mod-${Date.now()}-${counter++}`;

function room(roomId: string, name: string, extra: Partial<ConstructorParameters<typeof Room>[0]> = {}): Room {
  const created = new Room({ serverUrl: server.url(), roomId, name, webrtc, ...extra });
  rooms.push(created);
  return created;
}

/** A receive-only participant's media: no tracks, but it can be told to mute (as LocalMedia can). */
class SilentMedia implements LocalTracks {
  readonly audioTrack = null;
  readonly videoTrack = null;
  readonly micCalls: boolean[] = [];
  setMicEnabled(enabled: boolean): void {
    this.micCalls.push(enabled);
  }
  on(): this {
    return this;
  }
  off(): this {
    return this;
  }
}

describe('moderation through the SDK', () => {
  it('the host removes someone: their Room ends with "removed" and leaves; the others see them go', async () => {
    const roomId = freshRoom();
    const ada = room(roomId, 'Ada');
    const bob = room(roomId, 'Bob');
    await ada.join();
    await bob.join();
    await waitFor(() => ada.participants.size === 1, { what: 'Bob seen', timeoutMs: 5_000 });
    expect(ada.moderation.isHost).toBe(true);
    expect(bob.moderation.isHost).toBe(false);
    expect(bob.moderation.status.hostId).toBe(ada.self!.id);

    const ended = new Promise<ParleyError>((resolve) => bob.once('ended', resolve));
    await ada.moderation.remove(bob.self!.id);
    expect((await ended).code).toBe('removed');
    await waitFor(() => ada.participants.size === 0 && bob.participants.size === 0, { what: 'both sides dropped', timeoutMs: 5_000 });
    await waitFor(() => bob.signalingState === 'disconnected', { what: 'Bob closed his connection', timeoutMs: 5_000 });
  });

  it('the host ends the meeting for everyone: each Room ends with "meeting-ended" naming the host, the room locks, a guest cannot end it, and the sessions cannot come back', async () => {
    const roomId = freshRoom();
    const ada = room(roomId, 'Ada');
    const bob = room(roomId, 'Bob');
    const cyd = room(roomId, 'Cyd');
    for (const person of [ada, bob, cyd]) await person.join();
    await waitFor(() => ada.participants.size === 2, { what: 'all seen', timeoutMs: 5_000 });

    const refusal = await bob.moderation.endForEveryone().catch((error: unknown) => error);
    expect(isParleyError(refusal) && refusal.code).toBe('forbidden');

    const endings = [bob, cyd].map((person) => new Promise<ParleyError>((resolve) => person.once('ended', resolve)));
    const bobToken = bob.resumeToken;
    await ada.moderation.endForEveryone();
    for (const reason of await Promise.all(endings)) {
      expect(reason.code).toBe('meeting-ended');
      expect(reason.details.by).toBe('Ada');
    }
    await waitFor(() => ada.participants.size === 0, { what: 'the others gone', timeoutMs: 5_000 });
    await waitFor(() => ada.moderation.status.locked, { what: 'the room locked', timeoutMs: 5_000 });
    // Someone new meanwhile is kept out, and Bob's session may not resume while the host is still there.
    await expect(room(roomId, 'Dan').join()).rejects.toMatchObject({ code: 'room-locked' });
    await expect(room(roomId, 'Bob', { replaces: bobToken! }).join()).rejects.toMatchObject({ code: 'removed' });
  });

  it('raised hands: everyone sees one queue in the order raised; the host lowers a hand; leaving takes yours down', async () => {
    const roomId = freshRoom();
    const ada = room(roomId, 'Ada');
    const bob = room(roomId, 'Bob');
    const cyd = room(roomId, 'Cyd');
    for (const person of [ada, bob, cyd]) await person.join();
    await waitFor(() => ada.participants.size === 2 && cyd.participants.size === 2, { what: 'all seen', timeoutMs: 5_000 });
    const names = (queue: readonly { id: string }[]) =>
      queue.map((hand) => [ada, bob, cyd].find((p) => p.self!.id === hand.id)!.self!.name);

    await cyd.hands.raise();
    await bob.hands.raise();
    for (const person of [ada, bob, cyd]) {
      await waitFor(() => person.hands.queue.length === 2, { what: `${person.self!.name} sees two hands`, timeoutMs: 5_000 });
      expect(names(person.hands.queue)).toEqual(['Cyd', 'Bob']);
    }
    expect(bob.hands.raised).toBe(true);
    expect(ada.hands.raised).toBe(false);
    expect(ada.hands.positionOf(bob.self!.id)).toBe(2);

    const refusal = await cyd.moderation.lowerHand(bob.self!.id).catch((error: unknown) => error);
    expect(isParleyError(refusal) && refusal.code).toBe('forbidden');
    const lowered = new Promise<readonly { id: string }[]>((resolve) => bob.once('raised-hands', resolve));
    await ada.moderation.lowerHand(cyd.self!.id);
    expect(names(await lowered)).toEqual(['Bob']);

    await bob.leave();
    await waitFor(() => ada.hands.queue.length === 0 && cyd.hands.queue.length === 0, {
      what: 'Bob’s hand gone with him',
      timeoutMs: 5_000,
    });
  });

  it('reactions: everyone, the sender included, hears who reacted with what', async () => {
    const roomId = freshRoom();
    const ada = room(roomId, 'Ada');
    const bob = room(roomId, 'Bob');
    await ada.join();
    await bob.join();
    const bobHears = new Promise<{ from: string; reaction: string }>((resolve) => bob.once('reaction', resolve));
    const adaHears = new Promise<{ from: string; reaction: string }>((resolve) => ada.once('reaction', resolve));
    await ada.react('thumbs-up');
    expect(await bobHears).toEqual({ from: ada.self!.id, reaction: 'thumbs-up' });
    expect(await adaHears).toEqual({ from: ada.self!.id, reaction: 'thumbs-up' });
  });

  it('waiting room: join() waits until the host admits; a denial rejects it; leaving while waiting ends the wait', async () => {
    const roomId = freshRoom();
    const ada = room(roomId, 'Ada');
    await ada.join();
    await ada.waitingRoom.setEnabled(true);
    await waitFor(() => ada.moderation.status.waitingRoom, { what: 'the waiting room on', timeoutMs: 5_000 });

    const bob = room(roomId, 'Bob');
    const states: boolean[] = [];
    bob.on('waiting-for-host', (waiting) => states.push(waiting));
    const bobIn = bob.join();
    await waitFor(() => ada.waitingRoom.queue.length === 1, { what: 'Bob waiting, seen by the host', timeoutMs: 5_000 });
    expect(bob.waitingForHost).toBe(true);
    expect(ada.waitingRoom.queue.map((person) => person.name)).toEqual(['Bob']);
    await ada.waitingRoom.admit(ada.waitingRoom.queue[0]!.knock);
    expect((await bobIn).participants.map((p) => p.name)).toEqual(['Ada']);
    expect(states).toEqual([true, false]);
    expect(bob.waitingForHost).toBe(false);
    await waitFor(() => ada.participants.size === 1 && ada.waitingRoom.queue.length === 0, { what: 'Bob in', timeoutMs: 5_000 });

    const cyd = room(roomId, 'Cyd');
    const cydIn = cyd.join().catch((error: unknown) => error);
    await waitFor(() => ada.waitingRoom.queue.length === 1, { what: 'Cyd waiting', timeoutMs: 5_000 });
    await ada.waitingRoom.deny(ada.waitingRoom.queue[0]!.knock);
    const denied = await cydIn;
    expect(isParleyError(denied) && denied.code).toBe('knock-denied');

    const dan = room(roomId, 'Dan');
    const danIn = dan.join().catch((error: unknown) => error);
    await waitFor(() => ada.waitingRoom.queue.length === 1, { what: 'Dan waiting', timeoutMs: 5_000 });
    await dan.leave();
    const gaveUp = await danIn;
    expect(isParleyError(gaveUp) && gaveUp.code).toBe('not-in-room');
    await waitFor(() => ada.waitingRoom.queue.length === 0, { what: 'Dan’s knock gone', timeoutMs: 5_000 });
    // Bob never hosted: the queue was never his to see.
    expect(bob.waitingRoom.queue).toEqual([]);
  });

  it('a mute request mutes the asked person and names who asked; a non-host is refused', async () => {
    const roomId = freshRoom();
    const ada = room(roomId, 'Ada');
    const media = new SilentMedia();
    const bob = room(roomId, 'Bob', { media });
    await ada.join();
    await bob.join();
    await waitFor(() => bob.participants.size === 1, { what: 'Ada seen', timeoutMs: 5_000 });
    const asked = new Promise<string | undefined>((resolve) => bob.once('mute-requested', ({ by }) => resolve(by?.name)));
    await ada.moderation.askToMute(bob.self!.id);
    expect(await asked).toBe('Ada');
    expect(media.micCalls).toEqual([false]);

    const refusal = await bob.moderation.lock(true).catch((error: unknown) => error);
    expect(isParleyError(refusal) && refusal.code).toBe('forbidden');
  });

  it('hands the host role on, and everyone hears the new state', async () => {
    const roomId = freshRoom();
    const ada = room(roomId, 'Ada');
    const bob = room(roomId, 'Bob');
    await ada.join();
    await bob.join();
    await ada.moderation.makeHost(bob.self!.id);
    await waitFor(() => bob.moderation.isHost && !ada.moderation.isHost, { what: 'role handed on', timeoutMs: 5_000 });
    await bob.moderation.lock(true);
    await waitFor(() => ada.moderation.status.locked, { what: 'lock seen by Ada', timeoutMs: 5_000 });
    const refused = await room(roomId, 'Cyd')
      .join()
      .catch((error: unknown) => error);
    expect(isParleyError(refused) && refused.code).toBe('room-locked');
  });

  it('joins a password room with the password, and is refused without it', async () => {
    const roomId = freshRoom();
    await room(roomId, 'Ada', { password: 's3cret' }).join();
    const without = await room(roomId, 'Bob')
      .join()
      .catch((error: unknown) => error);
    expect(isParleyError(without) && without.code).toBe('password-required');
    const wrong = await room(roomId, 'Bob', { password: 'guess' })
      .join()
      .catch((error: unknown) => error);
    expect(isParleyError(wrong) && wrong.code).toBe('wrong-password');
    const snapshot = await room(roomId, 'Bob', { password: 's3cret' }).join();
    expect(snapshot.participants.map((p) => p.name)).toEqual(['Ada']);
  });

  it('a newer page passing its resume token replaces the old participant; the old page, still open, cannot come back', async () => {
    const roomId = freshRoom();
    const ada = room(roomId, 'Ada');
    await ada.join();
    const firstPage = room(roomId, 'Bob');
    await firstPage.join();
    await waitFor(() => ada.participants.size === 1, { what: 'Bob seen', timeoutMs: 5_000 });
    const oldId = firstPage.self!.id;
    // A duplicated tab: the old page stays open, is disconnected, and tries to resume its session.
    const oldPageEnded = new Promise<ParleyError>((resolve) => firstPage.once('ended', resolve));
    const secondPage = room(roomId, 'Bob', { replaces: firstPage.resumeToken! });
    await secondPage.join();
    expect((await oldPageEnded).code).toBe('session-replaced');
    await waitFor(() => !ada.participants.has(oldId) && ada.participants.has(secondPage.self!.id), { what: 'replaced', timeoutMs: 10_000 });
    expect([...ada.participants.values()].map((p) => p.name)).toEqual(['Bob']);
  });
});
