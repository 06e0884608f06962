import { hostname, networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** This machine's IPv4 addresses that other devices on the network can reach (not loopback). */
export function lanIPv4Addresses(interfaces: Interfaces = networkInterfaces()): string[] {
  const found = new Set<string>();
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      // `family` is the string 'IPv4' since Node 18.4 (a number 4 briefly before).
      const v4 = entry.family === 'IPv4' || (entry.family as unknown) === 4;
      if (v4 && !entry.internal && !entry.address.startsWith('169.254.')) found.add(entry.address);
    }
  }
  return [...found];
}

/** True for an address that only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}

/** True for an address that accepts connections on every interface. */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/**
 * The URLs people can open for a server bound to `host`: `localhost` for this machine, and for a
 * wildcard bind every LAN address (a phone on the same Wi-Fi uses one of those).
 */
export function reachableUrls(
  scheme: 'http' | 'https',
  host: string,
  port: number,
  interfaces: Interfaces = networkInterfaces(),
): { local: string | null; lan: string[] } {
  const origin = (h: string): string => `${scheme}://${h.includes(':') ? `[${h}]` : h}:${port}`;
  if (isWildcardHost(host)) {
    return { local: origin('localhost'), lan: lanIPv4Addresses(interfaces).map(origin) };
  }
  if (isLoopbackHost(host)) return { local: origin(host), lan: [] };
  return { local: null, lan: [origin(host)] };
}

/** Names a self-signed certificate should cover so it matches the URLs printed at start. */
export function certificateNames(interfaces: Interfaces = networkInterfaces()): { dns: string[]; ips: string[] } {
  const name = hostname();
  const dns = ['localhost'];
  if (name && /^[A-Za-z0-9.-]+$/.test(name) && name !== 'localhost') dns.push(name, `${name.split('.')[0]}.local`);
  return { dns: [...new Set(dns)], ips: ['127.0.0.1', '::1', ...lanIPv4Addresses(interfaces)] };
}
