import type { RoomPresence } from '@parley/protocol';

/**
 * How many people are in room `roomId` now (GET /api/rooms/:room), for a lobby: 0 means joining
 * starts the meeting; and whether it asks a password or is locked. Null when the server cannot say
 * (unreachable, an older server): a lobby then simply says nothing about it.
 */
export async function fetchRoomPresence(serverUrl: string, roomId: string, timeoutMs = 3_000): Promise<RoomPresence | null> {
  try {
    // The protocol's schemas (zod) load with the answer, not with a lobby's first page (see the web app's callCode.ts).
    const { httpPath, RoomPresenceSchema } = await import('./roomPresenceSchema.js');
    const response = await fetch(new URL(httpPath('roomPresence', { room: roomId }), serverUrl), {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) return null;
    const parsed = RoomPresenceSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
