import { isValidRoomId } from './routes.js';

/** The server's small REST surface used by the app (everything else goes through @parley/client). */

export async function createRoom(signal?: AbortSignal): Promise<string> {
  const response = await fetch('/api/rooms', {
    method: 'POST',
    headers: { accept: 'application/json' },
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) throw new Error(`POST /api/rooms answered ${response.status}`);
  const body: unknown = await response.json();
  const roomId = (body as { roomId?: unknown } | null)?.roomId;
  if (typeof roomId !== 'string' || !isValidRoomId(roomId)) {
    throw new Error('POST /api/rooms answered without a valid roomId');
  }
  return roomId;
}
