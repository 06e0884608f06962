import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { parseIceUrl, splitList } from '../turn/iceUrls.js';

/**
 * Schemas for the kinds of value settings take, each accepting the text of a flag or
 * environment variable as well as the typed value a default or `makeConfig` gives.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** `1/true/yes/on` or `0/false/no/off`; anything else is kept as is and refused by the schema. */
export function parseBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const lower = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(lower)) return false;
  return value;
}

export function switchSchema() {
  return z.preprocess(parseBoolean, z.boolean());
}

/** A list written as text separated by commas or spaces; a repeated flag gives one text per use. */
export function listSchema<S extends z.ZodType<string[]>>(items: S) {
  return z.preprocess((value) => {
    if (typeof value === 'string') return splitList(value);
    if (!Array.isArray(value)) return value;
    const parts: unknown[] = value;
    return parts.flatMap((part) => (typeof part === 'string' ? splitList(part) : [part]));
  }, items);
}

export function wholeNumber(min: number, max: number) {
  return z.coerce.number().int().min(min).max(max);
}

/** HS256 keys shorter than the hash are refused (RFC 7518 §3.2): the server does not start. */
export function hmacSecret() {
  return z.string().refine((value) => Buffer.byteLength(value, 'utf8') >= 32, 'must be at least 32 bytes (use: openssl rand -hex 32)');
}

/** STUN (`stun:`/`stuns:`, RFC 7064) or TURN (`turn:`/`turns:`, RFC 7065) URLs, one list per kind. */
export function iceUrls(schemes: readonly string[]) {
  return z.array(z.string()).superRefine((urls, ctx) => {
    for (const url of urls) {
      try {
        const parsed = parseIceUrl(url);
        if (!schemes.includes(parsed.scheme)) {
          ctx.addIssue({ code: 'custom', message: `"${url}" is a ${parsed.scheme}: URL; this list takes ${schemes.join(': or ')}: URLs` });
        }
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      }
    }
  });
}

/** Janus WebSocket API URLs (the websockets transport, not the HTTP one). */
export function janusUrls() {
  return z.array(z.string()).superRefine((urls, ctx) => {
    for (const url of urls) {
      if (!/^wss?:\/\/[^\s/]+(\/\S*)?$/.test(url)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${url}" is not a Janus WebSocket URL: write ws://10.0.0.5:8188 (the websockets transport's ws_port)`,
        });
      }
    }
  });
}

/** Where the web package puts its build, found through the workspace dependency. */
export function defaultWebRoot(): string {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('@parley/web/package.json')), 'dist');
  } catch {
    return join(process.cwd(), 'packages', 'web', 'dist');
  }
}
