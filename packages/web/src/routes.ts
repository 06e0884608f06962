import { useSyncExternalStore } from 'react';

/**
 * A tiny pathname router. The server answers every path with index.html, so the
 * browser URL is the only routing state: `/` and `/r/<room>`.
 */
export type Route = { name: 'home' } | { name: 'room'; roomId: string; valid: boolean; query: URLSearchParams } | { name: 'not-found' };

export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidRoomId(id: string): boolean {
  return ROOM_ID_PATTERN.test(id);
}

export function roomPath(roomId: string): string {
  return `/r/${encodeURIComponent(roomId)}`;
}

export function parseRoute(pathname: string, search: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' };
  const match = /^\/r\/([^/]*)\/?$/.exec(pathname);
  if (!match) return { name: 'not-found' };
  const roomId = safeDecode(match[1] ?? '');
  return { name: 'room', roomId, valid: isValidRoomId(roomId), query: new URLSearchParams(search) };
}

const NAVIGATE_EVENT = 'parley:navigate';

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  // pushState does not fire popstate; tell subscribers ourselves.
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const currentLocation = () => location.pathname + location.search;

/** The current route; re-renders on back/forward and on navigate(). */
export function useRoute(): Route {
  const href = useSyncExternalStore(subscribe, currentLocation);
  const url = new URL(href, 'http://x');
  return parseRoute(url.pathname, url.search);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
