import { describe, expect, expectTypeOf, it } from 'vitest';
import { type Room, type RoomEvents } from '../src/index.js';
import { roomEventNames } from '../src/RoomEvents.js';
import { eventNames, SafeEmitter } from '../src/SafeEmitter.js';
import type { RemoteParticipant } from '../src/RemoteParticipant.js';

/**
 * Event maps are closed: a misspelt event name or a listener of the wrong type is a compile
 * error (tsconfig.test.json type-checks this file; each `@ts-expect-error` fails the check if the
 * line below it ever compiles).
 */
declare const room: Room;

describe('closed event maps', () => {
  it('refuse a misspelt event name and a listener of the wrong type at compile time', () => {
    const typeChecksOnly = (): void => {
      // @ts-expect-error 'participant-joind' is not an event of Room.
      room.on('participant-joind', () => undefined);
      // @ts-expect-error a participant is not a number.
      room.on('participant-joined', (participant: number) => participant);
      // @ts-expect-error listen() takes only events of the map.
      room.listen({ 'room-stauts': () => undefined });
      room.on('participant-joined', (participant) => expectTypeOf(participant).toEqualTypeOf<RemoteParticipant>());
    };
    expect(typeChecksOnly).toBeTypeOf('function');
    expectTypeOf<Parameters<RoomEvents['room-mode']>>().toEqualTypeOf<['mesh' | 'sfu']>();
  });

  it('list every event of the Room once, and a list missing one does not compile', () => {
    expect(new Set(roomEventNames).size).toBe(roomEventNames.length);
    expect(roomEventNames).toContain('participant-joined');
    interface Two {
      a: () => void;
      b: (value: number) => void;
    }
    // @ts-expect-error 'b' is missing from the list.
    eventNames<Two>()(['a']);
    // @ts-expect-error 'c' is not an event of Two.
    eventNames<Two>()(['a', 'b', 'c']);
    expect(eventNames<Two>()(['a', 'b'])).toEqual(['a', 'b']);
  });

  it('a listener that throws never breaks the emitter; listen() returns one way to stop listening', () => {
    interface Ticks {
      tick: (count: number) => void;
    }
    class Clock extends SafeEmitter<Ticks> {
      fire(count: number): void {
        this.emit('tick', count);
      }
    }
    const clock = new Clock();
    const errors: unknown[] = [];
    clock.onListenerError = (error) => errors.push(error);
    const heard: number[] = [];
    clock.on('tick', () => {
      throw new Error('broken listener');
    });
    const stop = clock.listen({ tick: (count) => heard.push(count) });
    clock.fire(1);
    stop();
    clock.fire(2);
    expect(heard).toEqual([1]);
    expect(errors).toHaveLength(2);
    expect(clock.listenerCount('tick')).toBe(1);
  });
});
