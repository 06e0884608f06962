import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { hostname } from 'node:os';

/**
 * Which names in a request's Host header this server answers to. DNS rebinding (a page on an
 * attacker's name, later resolving to this server) sends the attacker's name as Host and as
 * Origin, so an Origin that equals the Host proves nothing unless the Host is one of ours.
 * IP addresses cannot be rebound, so they always pass (a phone on the LAN opens one).
 */
export class HostPolicy {
  readonly #fixed: ReadonlySet<string>;
  readonly #dynamic: () => readonly string[];

  /** `names`: host names or URLs always allowed; `dynamic`: URLs that change (the cluster's nodes). */
  constructor(names: readonly string[], dynamic: () => readonly string[] = () => []) {
    const machine = hostname().toLowerCase();
    const short = machine.split('.')[0] ?? machine;
    this.#fixed = new Set(['localhost', machine, `${short}.local`, ...names.map(hostOf)].filter((name) => name !== ''));
    this.#dynamic = dynamic;
  }

  /** Whether a request with these headers is addressed to this server. */
  allows(headers: IncomingHttpHeaders): boolean {
    const name = hostOf(headers.host ?? '');
    if (name === '') return false;
    if (isIP(name) !== 0 || name.endsWith('.localhost')) return true;
    return this.#fixed.has(name) || this.#dynamic().some((url) => hostOf(url) === name);
  }
}

/** The host name alone, lower case, of a Host header value or a URL (no port, no brackets). */
export function hostOf(value: string): string {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === '') return '';
  try {
    return new URL(trimmed.includes('://') ? trimmed : `http://${trimmed}`).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return '';
  }
}
