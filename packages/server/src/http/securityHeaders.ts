import type { FastifyInstance } from 'fastify';

export interface PagePolicy {
  /** Other origins the page may open connections to (the cluster's nodes, for failover). */
  connectTo: () => Promise<readonly string[]>;
  /** Origins that may embed the page in a frame (PARLEY_ALLOWED_ORIGINS, as docs/EMBEDDING.md documents). */
  embeddedBy: readonly string[];
}

/** `https://a.example:8443` → itself and `wss://a.example:8443` (CSP3 §6.7.2.8 lets 'self' cover only this origin's own ws/wss). */
function withWebSocket(origin: string): string[] {
  try {
    const url = new URL(origin);
    const socket = `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`;
    return [url.origin, socket];
  } catch {
    return [];
  }
}

/**
 * Defence in depth for the page (CSP Level 3): even if some participant-typed text were ever
 * rendered as HTML, no inline or foreign script runs, and the page can connect only to this
 * server and the other nodes of its deployment (not exfiltrate to any WebSocket host). Framing
 * is allowed to this origin and the configured embedding origins only (clickjacking).
 */
export async function contentSecurityPolicy(policy: PagePolicy): Promise<string> {
  const connect = [...new Set((await policy.connectTo()).flatMap(withWebSocket))];
  return [
    "default-src 'self'",
    // WebAssembly compiled from this origin's own files (the noise suppressor's RNNoise) may run;
    // 'wasm-unsafe-eval' allows that and nothing else of eval (CSP Level 3 §6.1.11 / WebAssembly JS API).
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    ["connect-src 'self'", ...connect].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    ["frame-ancestors 'self'", ...policy.embeddedBy].join(' '),
  ].join('; ');
}

export function registerSecurityHeaders(app: FastifyInstance, policy: PagePolicy): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Permissions-Policy', 'camera=(self), microphone=(self), display-capture=(self)');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) reply.header('Content-Security-Policy', await contentSecurityPolicy(policy));
    return payload;
  });
}
