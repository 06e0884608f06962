import { ROOM_ID_PATTERN } from '@parley/protocol';
import { usageError } from './errors.js';

/** Where a room is: the server's origin (for signaling) and the room id. */
export interface RoomLink {
  serverUrl: string;
  roomId: string;
}

/**
 * Reads a room link as the web app shares it, `<origin>/r/<roomId>` (http or https, any port,
 * a query such as `?name=` and a trailing slash allowed). Throws a usage error that shows the
 * expected form.
 *
 * @example
 * parseRoomLink('https://192.168.1.23:3000/r/standup') // { serverUrl: 'https://192.168.1.23:3000', roomId: 'standup' }
 */
export function parseRoomLink(text: string, command?: string): RoomLink {
  const expected = 'a room link like https://meet.example.org/r/standup (copy it from the web app\'s "Copy invite link")';
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw usageError(`"${text}" is not a link: expected ${expected}.`, command);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`"${text}" is a ${url.protocol.replace(':', '')} link: expected ${expected}.`, command);
  }
  if (url.username || url.password) throw usageError(`"${text}" carries a user name or password; a room link has none.`, command);
  const match = /^\/r\/([^/]+)\/?$/.exec(url.pathname);
  if (!match) throw usageError(`"${text}" does not point at a room (its path is ${url.pathname}): expected ${expected}.`, command);
  let roomId: string;
  try {
    roomId = decodeURIComponent(match[1]!);
  } catch {
    throw usageError(`"${text}" has a broken room id.`, command);
  }
  if (!ROOM_ID_PATTERN.test(roomId)) {
    throw usageError(`"${roomId}" is not a valid room id: room ids are 1-64 characters of A-Z a-z 0-9 _ -.`, command);
  }
  return { serverUrl: url.origin, roomId };
}
