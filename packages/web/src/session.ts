/**
 * This tab's session per room, in sessionStorage: it survives a reload but not a closed tab,
 * and is never shared between tabs. A reloaded page passes it as `replaces`, so the server
 * removes the old participant at once instead of leaving a ghost tile for the others.
 */
const key = (roomId: string): string => `parley.session.${roomId}`;

export function previousSession(roomId: string): string | undefined {
  try {
    return globalThis.sessionStorage?.getItem(key(roomId)) ?? undefined;
  } catch {
    return undefined; // storage blocked: the old participant then leaves by the server's grace period
  }
}

export function rememberSession(roomId: string, resumeToken: string): void {
  try {
    globalThis.sessionStorage?.setItem(key(roomId), resumeToken);
  } catch {
    // ignored: see previousSession
  }
}

const createdKey = (roomId: string): string => `parley.created.${roomId}`;

/** This tab made the room with "New meeting" (so an empty room is expected, not a mistyped link). */
export function rememberCreated(roomId: string): void {
  try {
    globalThis.sessionStorage?.setItem(createdKey(roomId), '1');
  } catch {
    // ignored: the lobby then treats the room like any other
  }
}

export function createdHere(roomId: string): boolean {
  try {
    return globalThis.sessionStorage?.getItem(createdKey(roomId)) === '1';
  } catch {
    return false;
  }
}
