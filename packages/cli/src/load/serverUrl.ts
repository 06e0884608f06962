import { usageError } from '../errors.js';

/** `parley load` targets a server, not a room: its origin, from any URL on it (a room link works too). */
export function parseServerUrl(text: string, command: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw usageError(`"${text}" is not a URL: expected the server's address, like http://127.0.0.1:3000.`, command);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`"${text}" is a ${url.protocol.replace(':', '')} URL: expected http:// or https://.`, command);
  }
  return url.origin;
}
