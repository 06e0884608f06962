/**
 * STUN and TURN server URLs as browsers accept them in RTCIceServer.urls:
 * RFC 7064 (`stun:`/`stuns:`) and RFC 7065 (`turn:`/`turns:`). Parsed here so a typo in the
 * configuration stops the server at start instead of silently breaking calls across NATs.
 */

export type IceScheme = 'stun' | 'stuns' | 'turn' | 'turns';

export interface IceUrl {
  /** The URL as configured. */
  url: string;
  scheme: IceScheme;
  /** Host name or IP address (an IPv6 address without brackets). */
  host: string;
  port: number;
  /** How to reach the server: UDP, TCP, or TCP inside TLS (`stuns:`/`turns:`). */
  transport: 'udp' | 'tcp' | 'tls';
  /** `?transport=` was given explicitly (TURN only). */
  explicitTransport: boolean;
}

const DEFAULT_PORT: Record<IceScheme, number> = { stun: 3478, turn: 3478, stuns: 5349, turns: 5349 };

// scheme ":" host [ ":" port ] [ "?transport=" ( "udp" / "tcp" ) ] — no "//", no path (RFC 7065 §3.1).
const ICE_URL = /^(stuns?|turns?):(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/;

/** Parses one STUN/TURN URL, or throws an Error whose message says what a valid one looks like. */
export function parseIceUrl(raw: string): IceUrl {
  const url = raw.trim();
  const match = ICE_URL.exec(url);
  if (!match) throw new Error(describeBadUrl(url));
  const scheme = match[1] as IceScheme;
  const host = match[2]!.replace(/^\[|\]$/g, '');
  const port = match[3] === undefined ? DEFAULT_PORT[scheme] : Number(match[3]);
  const transportParam = match[4] as 'udp' | 'tcp' | undefined;
  if (port < 1 || port > 65535) throw new Error(`"${url}": port ${port} is out of range (1-65535)`);
  if (transportParam && (scheme === 'stun' || scheme === 'stuns')) {
    throw new Error(`"${url}": ?transport= is only for turn: URLs (RFC 7064 has no query for stun:)`);
  }
  if (scheme === 'turns' && transportParam === 'udp') {
    throw new Error(`"${url}": turns: runs over TLS/TCP; browsers do not support DTLS to a TURN server. Drop ?transport=udp`);
  }
  const transport = scheme === 'stuns' || scheme === 'turns' ? 'tls' : (transportParam ?? 'udp');
  return { url, scheme, host, port, transport, explicitTransport: transportParam !== undefined };
}

function describeBadUrl(url: string): string {
  if (/^[a-z]+:\/\//i.test(url)) {
    return `"${url}" is not a STUN/TURN URL: write turn:host:3478?transport=udp (no "//"; http/https URLs do not work here)`;
  }
  if (!/^(stuns?|turns?):/i.test(url)) {
    return `"${url}" is not a STUN/TURN URL: it must start with stun:, stuns:, turn: or turns:`;
  }
  return `"${url}" is not a valid STUN/TURN URL: expected scheme:host[:port][?transport=udp|tcp], e.g. turn:turn.example.org:3478?transport=udp`;
}

/** Splits a comma- or space-separated list from an environment variable or flag. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}
