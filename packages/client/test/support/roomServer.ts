import { afterAll, afterEach, beforeAll } from 'vitest';
import { createParleyServer, makeConfig, type Config, type ParleyServer } from '@parley/server';
import { Room } from '../../src/Room.js';
import type { RoomOptions } from '../../src/RoomOptions.js';
import { FakeMedia } from './fakeMedia.js';
import { webrtc } from './wrtc.js';

/** FakeMedia that can also be muted, as LocalMedia mutes: the track stays, disabled. */
export class MutableMedia extends FakeMedia {
  mute(muted: boolean): void {
    if (this.audioTrack) this.audioTrack.enabled = !muted;
    this.emit('tracks-changed');
  }
}

/**
 * A real Parley server for one test file (started before, closed after), and participants
 * with synthetic camera and mic that leave after each test.
 */
export function useRoomServer(overrides: Partial<Config> = {}) {
  let server: ParleyServer | null = null;
  const made: Array<{ room: Room; media: MutableMedia }> = [];
  beforeAll(async () => {
    server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', ...overrides }));
    await server.listen();
  });
  afterEach(async () => {
    const all = made.splice(0);
    await Promise.all(all.map(({ room }) => room.leave()));
    for (const { media } of all) media.stop();
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    /** `extra`: more RoomOptions (a password, a ticket…). */
    participant(roomId: string, name: string, extra: Partial<RoomOptions> = {}): { room: Room; media: MutableMedia } {
      if (!server) throw new Error('the server starts in beforeAll');
      const media = new MutableMedia();
      const room = new Room({ serverUrl: server.url(), roomId, name, webrtc, media, ...extra });
      made.push({ room, media });
      return { room, media };
    },
  };
}
