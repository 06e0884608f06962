/**
 * The room's safety code: the same digits on every screen exactly when everyone holds the same
 * set of identities (identity.ts), so people can compare it aloud or on screen to know that no
 * server sits between them. Everyone's identity, our own included, sorted so that the order in
 * which people joined does not matter, is hashed (SHA-256); each 5-digit group comes from 5 bytes
 * of the hash taken modulo 100,000, as Signal's safety numbers do. 4 groups: 20 digits, about 66
 * bits, far beyond what a middle could match by trying identities while a call goes on.
 */
const GROUPS = 4;
const DIGITS = 5;
const BYTES_PER_GROUP = 5;

export async function safetyCode(identities: readonly Uint8Array[]): Promise<string> {
  const sorted = [...new Map(identities.map((key) => [hex(key), key])).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, key]) => key);
  // Each key with its length first, so that no two different sets hash the same bytes.
  const input = new Uint8Array(sorted.reduce((sum, key) => sum + 2 + key.length, 0));
  let at = 0;
  for (const key of sorted) {
    input[at] = key.length >> 8;
    input[at + 1] = key.length & 0xff;
    input.set(key, at + 2);
    at += 2 + key.length;
  }
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', input));
  const groups: string[] = [];
  for (let group = 0; group < GROUPS; group += 1) {
    let value = 0;
    for (let i = 0; i < BYTES_PER_GROUP; i += 1) value = value * 256 + hash[group * BYTES_PER_GROUP + i]!;
    groups.push(String(value % 10 ** DIGITS).padStart(DIGITS, '0'));
  }
  return groups.join(' ');
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
