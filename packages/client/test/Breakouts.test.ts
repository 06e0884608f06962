import { describe, expect, it } from 'vitest';
import type { BreakoutAssignment, BreakoutMessage, Breakouts } from '@parley/protocol';
import { shuffleIntoRooms } from '../src/BreakoutRooms.js';
import type { Room } from '../src/Room.js';
import { useRoomServer } from './support/roomServer.js';
import { waitFor } from '@parley/testkit';

const server = useRoomServer();

let counter = 0;
const freshRoom = (): string => `breakout-sdk-${Date.now()}-${counter++}`;

function room(roomId: string, name: string, extra: Parameters<typeof server.participant>[2] = {}): Room {
  return server.participant(roomId, name, extra).room;
}

const next = <T>(target: Room, event: 'breakout-assignment' | 'breakout-message' | 'breakouts' | 'breakouts-closed'): Promise<T> =>
  new Promise((resolve) => target.once(event, ((value: T) => resolve(value)) as never));

describe('breakout rooms through the SDK', () => {
  it('a guest goes to a breakout room and back with one ticket, past the password, with the main room’s chat whole', async () => {
    const roomId = freshRoom();
    const ada = room(roomId, 'Ada', { password: 'open-sesame' });
    await ada.join();
    const bob = room(roomId, 'Bob', { password: 'open-sesame' });
    await bob.join();
    await waitFor(() => bob.participants.size === 1 && [...bob.participants.values()][0]!.connectionState === 'connected', {
      what: 'Bob connected to Ada',
      timeoutMs: 10_000,
    });
    // Said in the main room before the breakout.
    bob.chat.send('Hello from the main room');
    await waitFor(() => ada.chat.messages.some((m) => m.text === 'Hello from the main room'), { what: 'Ada got it', timeoutMs: 5_000 });

    const assigned = next<BreakoutAssignment>(bob, 'breakout-assignment');
    const seen = next<Breakouts | null>(ada, 'breakouts');
    await ada.breakouts.open(
      shuffleIntoRooms([bob.self!.id], 1, (i) => `Room ${i + 1}`),
      { minutes: 10 },
    );
    const assignment = await assigned;
    expect((await seen)?.rooms[0]?.members.map((m) => m.name)).toEqual(['Bob']);
    expect(ada.breakouts.current?.rooms[0]?.name).toBe('Room 1');

    const mainChat = [...bob.chat.messages];
    await bob.leave();
    const away = room(assignment.room, 'Bob', { ticket: assignment.ticket });
    await away.join();
    expect(away.self?.name).toBe('Bob');
    expect(away.chat.messages).toEqual([]); // a breakout room's chat starts empty

    const heard = next<BreakoutMessage>(away, 'breakout-message');
    await ada.breakouts.broadcast('Wrap up');
    expect(await heard).toEqual({ text: 'Wrap up', from: 'Ada' });
    // Meanwhile in the main room.
    ada.chat.send('Said while Bob was away');

    const closed = next<void>(away, 'breakouts-closed');
    await ada.breakouts.close();
    await closed;
    expect(ada.breakouts.current).toBeNull();
    await away.leave();
    // No password given: the ticket lets him back.
    const back = room(roomId, 'Bob', { ticket: assignment.ticket, chatHistory: mainChat });
    await back.join();
    expect(back.chat.messages.map((m) => m.text)).toEqual(['Hello from the main room']);
    expect(back.chat.messages[0]!.mine).toBe(true);
    // What was said while he was away comes from Ada's history, after what he had; nothing twice.
    await waitFor(() => back.chat.messages.length === 2, { what: 'the history from Ada', timeoutMs: 10_000 });
    expect(back.chat.messages.map((m) => m.text)).toEqual(['Hello from the main room', 'Said while Bob was away']);
  });

  it('shuffles people into rooms as evenly as they go', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const rooms = shuffleIntoRooms(
      ids,
      2,
      (i) => `R${i}`,
      () => 0.3,
    );
    expect(rooms.map((r) => r.members.length)).toEqual([3, 2]);
    expect(rooms.flatMap((r) => r.members).sort()).toEqual(ids);
    expect(shuffleIntoRooms([], 3, (i) => `R${i}`).map((r) => r.name)).toEqual(['R0', 'R1', 'R2']);
  });
});
