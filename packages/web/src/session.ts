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
