/**
 * The n-th address of 127.0.0.0/8 from 127.1.0.0 on (RFC 1122 §3.2.1.3: the whole block is this
 * host; Linux answers on all of it), for load generators that want one source address per
 * simulated client. Covers 16 million clients before it would leave the block.
 */
export function loopbackAddress(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 254 * 65_536) throw new RangeError(`no loopback address number ${n}`);
  return `127.${1 + Math.floor(n / 65_536)}.${Math.floor(n / 256) % 256}.${n % 256}`;
}
