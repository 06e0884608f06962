import { describe, expect, it } from 'vitest';
import type { MediaState } from '@parley/protocol';
import type { Room } from '../src/Room.js';
import { useRoomServer } from './support/roomServer.js';
import { waitFor } from '@parley/testkit';

const { participant } = useRoomServer();

const stateOf = (viewer: Room, name: string): MediaState | null =>
  [...viewer.participants.values()].find((p) => p.name === name)?.media ?? null;

describe('Room media state', () => {
  it('mute and camera off reach the others; a late joiner learns the current state', async () => {
    const roomId = `media-${Date.now()}`;
    const ada = participant(roomId, 'Ada');
    const bob = participant(roomId, 'Bob');
    await ada.room.join();
    await bob.room.join();
    await waitFor(() => stateOf(bob.room, 'Ada') !== null && stateOf(ada.room, 'Bob') !== null, {
      what: 'initial states',
      timeoutMs: 5_000,
    });
    expect(stateOf(bob.room, 'Ada')).toEqual({ audio: true, video: true, screen: false });

    const events: MediaState[] = [];
    bob.room.on('media-state', ({ participant, state }) => {
      if (participant.name === 'Ada') events.push(state);
    });
    ada.media.mute(true);
    await waitFor(() => stateOf(bob.room, 'Ada')?.audio === false, { what: 'mute at Bob', timeoutMs: 5_000 });
    ada.media.replaceVideo(null);
    await waitFor(() => stateOf(bob.room, 'Ada')?.video === false, { what: 'camera off at Bob', timeoutMs: 5_000 });
    ada.media.mute(true); // no change: nothing sent
    expect(ada.room.mediaState).toEqual({ audio: false, video: false, screen: false });

    const cyd = participant(roomId, 'Cyd');
    await cyd.room.join();
    await waitFor(() => stateOf(cyd.room, 'Ada') !== null && stateOf(cyd.room, 'Bob') !== null, {
      what: 'states at Cyd',
      timeoutMs: 5_000,
    });
    expect(stateOf(cyd.room, 'Ada')).toEqual({ audio: false, video: false, screen: false });
    expect(stateOf(cyd.room, 'Bob')).toEqual({ audio: true, video: true, screen: false });
    expect(events).toEqual([
      { audio: false, video: true, screen: false },
      { audio: false, video: false, screen: false },
    ]);
  });
});
