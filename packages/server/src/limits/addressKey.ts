import { isIPv6 } from 'node:net';

/**
 * The key a client address is counted under: IPv4 as it is (an IPv4-mapped IPv6 address, as a
 * dual-stack socket reports it, is the IPv4 address); IPv6 by its /64 prefix, because one host
 * or home network is usually given a whole /64 (RFC 6177) and could otherwise change address at
 * will to escape a per-address limit.
 */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
