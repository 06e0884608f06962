import { hostname } from 'node:os';
import { Room, type IncomingStorage, type LocalTracks } from '@parley/client';
import { loadNodeWebRtc, type NodeWebRtc } from '@parley/client/node';
import { CliError, EXIT, joinError } from './errors.js';
import type { RoomLink } from './roomLink.js';

/** Display names are 1–64 characters (see the protocol's join message). */
export function defaultName(role: string): string {
  return `${role} on ${hostname()}`.slice(0, 64);
}

/**
 * Lets this process accept a self-signed certificate, for `--insecure`: Node's TLS reads
 * NODE_TLS_REJECT_UNAUTHORIZED on every connection, including socket.io's WebSocket.
 */
export function allowSelfSignedCertificates(): void {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
}

export async function nodeWebRtc(): Promise<NodeWebRtc> {
  try {
    return await loadNodeWebRtc();
  } catch (error) {
    throw new CliError(EXIT.failed, (error as Error).message, { cause: error });
  }
}

/** Joins a room from Node with libwebrtc; a failure becomes a CliError saying what to do. */
export async function joinRoom(options: {
  link: RoomLink;
  name: string;
  media?: LocalTracks;
  storage?: IncomingStorage;
  /** Called with the room before joining, so no event of the join is missed. */
  prepare?: (room: Room) => void;
}): Promise<Room> {
  const webrtc = await nodeWebRtc();
  const room = new Room({
    serverUrl: options.link.serverUrl,
    roomId: options.link.roomId,
    name: options.name,
    webrtc,
    ...(options.media ? { media: options.media } : {}),
    ...(options.storage ? { files: { storage: options.storage } } : {}),
  });
  options.prepare?.(room);
  try {
    await room.join();
  } catch (error) {
    await room.leave();
    throw joinError(error, options.link);
  }
  return room;
}
