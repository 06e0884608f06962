import type { IncomingHttpHeaders } from 'node:http';

/**
 * Browsers always send Origin on a WebSocket handshake but do not apply CORS to it, so
 * without this check any web page could open a signaling connection in a visitor's name.
 * Requests without Origin (Node clients, the CLI) are allowed.
 */
export function isAllowedOrigin(headers: IncomingHttpHeaders, allowedOrigins: readonly string[]): boolean {
  const origin = headers.origin;
  if (!origin) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === headers.host;
  } catch {
    return false;
  }
}
