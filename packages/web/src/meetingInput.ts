import { readMeetingCode } from '@parley/client';
import { isValidRoomId } from './routes.js';

export type MeetingInputResult = { ok: true; roomId: string } | { ok: false; reason: 'empty' | 'invalid' };

/**
 * Accepts what people paste: a full invite link (`https://host/r/<id>`, any host,
 * since the server may sit behind a proxy), a path (`/r/<id>`), or a bare code. A meeting code
 * typed as it was read out (`KFM4 X7QP 2HDT C9WN`) is written the way it was made.
 */
export function parseMeetingInput(raw: string): MeetingInputResult {
  const text = raw.trim();
  if (!text) return { ok: false, reason: 'empty' };

  const fromPath = /(?:^|\/)r\/([^/?#\s]+)\/?(?:[?#].*)?$/.exec(text);
  const candidate = fromPath ? safeDecode(fromPath[1] ?? '') : (readMeetingCode(text) ?? text);
  return isValidRoomId(candidate) ? { ok: true, roomId: candidate } : { ok: false, reason: 'invalid' };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
