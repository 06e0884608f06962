import { hostname } from 'node:os';
import { ParleyError, Room, type IncomingStorage, type LocalTracks } from '@parley/client';
import { loadNodeWebRtc, type NodeWebRtc } from '@parley/client/node';
import { CliError, EXIT, joinError } from './errors.js';
import type { RoomLink } from './roomLink.js';

/** Display names are 1–64 characters (see the protocol's join message). */
export function defaultName(role: string): string {
  return `${role} on ${hostname()}`.slice(0, 64);
}

/**
 * How long `send` and `receive` wait, when they are done, for their last data-channel messages
 * (a decline, a verdict, a cancel) to reach the others before leaving (see Room.leave).
 */
export const LEAVE_DRAIN_MS = 1_500;

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
  /** Accept a self-signed certificate (--insecure). */
  insecure?: boolean;
  /** Called with the room before joining, so no event of the join is missed. */
  prepare?: (room: Room) => void;
}): Promise<Room> {
  const webrtc = await nodeWebRtc();
  // A distrusted certificate is known at once here; socket.io would retry it until its timeout.
  const tls = options.insecure ? null : await tlsProblem(options.link.serverUrl);
  if (tls) throw joinError(new ParleyError('signaling-unavailable', 'TLS'), options.link, tls);
  const room = new Room({
    serverUrl: options.link.serverUrl,
    roomId: options.link.roomId,
    name: options.name,
    webrtc,
    ...(options.insecure ? { rejectUnauthorized: false } : {}),
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

/**
 * Why TLS to `serverUrl` fails, or null (also when the server is simply down: the join says so).
 * socket.io reports only "cannot connect"; one plain HTTPS request names the certificate problem.
 */
export async function tlsProblem(serverUrl: string): Promise<string | null> {
  if (!serverUrl.startsWith('https:')) return null;
  try {
    await fetch(new URL('/healthz', serverUrl), { signal: AbortSignal.timeout(5_000) });
    return null;
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const code = typeof cause?.code === 'string' ? cause.code : '';
    return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code)
      ? `${typeof cause?.message === 'string' ? cause.message : code}, ${code}`
      : null;
  }
}
