import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { isParleyError } from '@parley/protocol';
import { Room } from '../src/Room.js';
import { FakeMedia } from './support/fakeMedia.js';
import { webrtc } from './support/wrtc.js';
import { waitFor } from '@parley/testkit';

const TOKEN_SECRET = 'the-embedding-app-and-parley-share-this-secret';
let server: ParleyServer;
const rooms: Room[] = [];
const media: FakeMedia[] = [];
beforeAll(async () => {
  server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', tokenSecret: TOKEN_SECRET }));
  await server.listen();
});
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((room) => room.leave()));
  for (const tracks of media.splice(0)) tracks.stop();
});
afterAll(async () => server.close());

function token(room: string, grants: string[], name?: string): Promise<string> {
  return new SignJWT({ room, grants, ...(name ? { name } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(TOKEN_SECRET));
}

function join(roomId: string, name: string, options: { token?: string } = {}): Room {
  const camera = new FakeMedia();
  media.push(camera);
  const room = new Room({ serverUrl: server.url(), roomId, name, webrtc, media: camera, ...options });
  rooms.push(room);
  return room;
}

describe('Room with access tokens', () => {
  it('the publish grant decides who sends media: a watch-only participant sends nothing, though it has a camera', async () => {
    const roomId = `token-${Date.now()}`;
    const teacher = join(roomId, 'typed', { token: await token(roomId, ['join', 'publish', 'moderate'], 'Teacher') });
    const pupil = join(roomId, 'typed', { token: await token(roomId, ['join'], 'Pupil') });
    await teacher.join();
    await pupil.join();
    expect(teacher.self?.name).toBe('Teacher');
    expect([teacher.canPublish, pupil.canPublish]).toEqual([true, false]);
    expect(teacher.moderation.isHost).toBe(true);

    await waitFor(() => [...pupil.participants.values()].some((p) => p.connectionState === 'connected'), {
      what: 'connected',
      timeoutMs: 15_000,
    });
    const pupilsLink = [...pupil.participants.values()][0]!.link;
    const teachersLink = [...teacher.participants.values()][0]!.link;
    await waitFor(() => teachersLink.pc.getSenders().filter((s) => s.track).length === 2, {
      what: 'teacher sends camera and mic',
      timeoutMs: 10_000,
    });
    expect(pupilsLink.pc.getSenders().filter((sender) => sender.track !== null)).toEqual([]);
  });

  it('refuses to join without a token, with the reason', async () => {
    const error = await join(`token-${Date.now()}-none`, 'Eve')
      .join()
      .catch((caught: unknown) => caught);
    expect(isParleyError(error) && error.code).toBe('token-required');
  });
});
