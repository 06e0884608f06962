/**
 * Meeting codes as "New meeting" makes them: four groups of four, e.g. `kfm4-x7qp-2hdt-c9wn`, easy
 * to read out and to type. The 30 symbols leave out what is read or typed one for another (0 and
 * o, 1, i and l) and u; lower case only, as links are case-sensitive. 16 symbols carry 78 random
 * bits: a guess finds one of 10,000 live rooms with a chance of 1 in 10^19, far past the 64 bits
 * OWASP asks of an identifier that admits whoever holds it (Session Management Cheat Sheet).
 */
export const MEETING_CODE_ALPHABET = '23456789abcdefghjkmnpqrstvwxyz';
export const MEETING_CODE_GROUPS = 4;
export const MEETING_CODE_GROUP_LENGTH = 4;
export const MEETING_CODE_PATTERN = /^[2-9a-hjkmnp-tv-z]{4}(?:-[2-9a-hjkmnp-tv-z]{4}){3}$/;

const SYMBOLS = MEETING_CODE_GROUPS * MEETING_CODE_GROUP_LENGTH;

/**
 * A meeting code as a person typed it (any case, spaces or dashes anywhere, or none), written
 * the way it was made; null when the text is not one.
 *
 * @example readMeetingCode('KFM4 X7QP 2HDT C9WN') // 'kfm4-x7qp-2hdt-c9wn'
 */
export function readMeetingCode(typed: string): string | null {
  const symbols = typed.toLowerCase().replace(/[\s-]+/g, '');
  if (symbols.length !== SYMBOLS || [...symbols].some((symbol) => !MEETING_CODE_ALPHABET.includes(symbol))) return null;
  return formatMeetingCode(symbols);
}

/**
 * A new meeting code from `random` bytes (a CSPRNG's: `crypto.randomBytes`, `getRandomValues`).
 * Bytes at or above the largest multiple of 30 are skipped, so every symbol is equally likely.
 */
export function makeMeetingCode(random: (count: number) => Uint8Array): string {
  const limit = 256 - (256 % MEETING_CODE_ALPHABET.length);
  let symbols = '';
  while (symbols.length < SYMBOLS) {
    for (const byte of random(SYMBOLS)) {
      if (byte >= limit || symbols.length === SYMBOLS) continue;
      symbols += MEETING_CODE_ALPHABET[byte % MEETING_CODE_ALPHABET.length];
    }
  }
  return formatMeetingCode(symbols);
}

function formatMeetingCode(symbols: string): string {
  const groups: string[] = [];
  for (let at = 0; at < symbols.length; at += MEETING_CODE_GROUP_LENGTH) groups.push(symbols.slice(at, at + MEETING_CODE_GROUP_LENGTH));
  return groups.join('-');
}
