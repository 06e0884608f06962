import { NodeListSchema } from '@parley/protocol';

/**
 * The nodes of a Parley deployment (several nodes sharing Redis), from the server's
 * `/api/nodes`: pass them as `RoomOptions.serverUrls` and the room moves to another node
 * when its own dies. Anything unexpected (an older server, a network error) gives
 * `[serverUrl]`: the room then works as before, with one node.
 *
 * @example
 * const serverUrls = await fetchNodeUrls(location.origin);
 * const room = new Room({ serverUrl: location.origin, serverUrls, roomId, name });
 */
export async function fetchNodeUrls(serverUrl: string, timeoutMs = 3_000): Promise<string[]> {
  try {
    const response = await fetch(new URL('/api/nodes', serverUrl), { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return [serverUrl];
    const parsed = NodeListSchema.safeParse(await response.json());
    if (!parsed.success || parsed.data.urls.length === 0) return [serverUrl];
    return parsed.data.urls;
  } catch {
    return [serverUrl];
  }
}
