import Janode from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import type { ParleyServer } from '../../src/server.js';
import type { JoinSnapshot } from '@parley/protocol';
import { connect, joined, sleep, type TestClient } from './harness.js';
import { publish } from './sfuPublisher.js';
import { subscribe } from './sfuSubscriber.js';

/** Janus's own list of who is in a VideoRoom (its display is Parley's participant id). */
export async function janusParticipants(janusUrl: string, janusRoom: number): Promise<string[]> {
  const connection = await Janode.connect({ address: [{ url: janusUrl }] });
  try {
    const session = await connection.create();
    const handle = await session.attach(VideoRoomPlugin);
    const { participants } = await handle.listParticipants({ room: janusRoom });
    await session.destroy();
    return participants.map((participant) => participant.display ?? '');
  } finally {
    await connection.close();
  }
}

/** Frames keep being decoded by `count` over a moment (false: frozen, or nothing at all). */
export async function advancing(count: () => Promise<number>, ms = 2_500): Promise<boolean> {
  const before = await count();
  await sleep(ms);
  return (await count()) > before;
}

/**
 * Connects and joins `room`; once the room is in SFU mode, `publish` sends a camera and mic.
 * Everyone else's media is received (and counted) from the first subscriber offer on.
 */
export async function enterSfuRoom(server: Pick<ParleyServer, 'url'>, room: string, name: string) {
  const socket = await connect(server);
  return sfuParticipant(socket, await joined(socket, room, name));
}

/** The participant `socket` joined as (see enterSfuRoom). */
export function sfuParticipant(socket: TestClient, snapshot: JoinSnapshot) {
  const received = subscribe(socket);
  const person = { socket, snapshot, id: snapshot.self.id, received, sent: null as Awaited<ReturnType<typeof publish>> | null };
  return Object.assign(person, {
    publish: async () => {
      person.sent = await publish(socket);
    },
    /** Closes both media connections. */
    stop: () => {
      person.received.stop();
      person.sent?.stop();
    },
  });
}
