/**
 * File names and types come from another participant: treat them as hostile. A name is shown to
 * the receiver and used as the suggested download name, so it must not be able to walk out of a
 * folder, hide its real extension, spoof how it reads, or hit a device name on Windows.
 */

/** Longest sanitised name, in UTF-8 bytes (the limit of ext4, NTFS and APFS file names). */
export const MAX_FILE_NAME_BYTES = 255;

// C0 and C1 controls, DEL.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// Bidi embeddings/overrides/isolates (U+202A–U+202E, U+2066–U+2069), marks (U+200E, U+200F, U+061C),
// zero-width characters and the BOM: they make "txt.exe" read as "exe.txt" (CVE-2009-3376 style).
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff]/g;
// Path separators and characters Windows forbids in names (plus ':' for NTFS alternate streams).
const FORBIDDEN = /[/\\:*?"<>|]/g;
// Windows device names, with or without an extension (CON, CON.txt, com1.tar.gz …).
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/**
 * A safe file name for display and saving, or "file" when nothing usable is left.
 *
 * @example
 * sanitizeFileName('../../etc/passwd') // '.._.._etc_passwd' → '_.._etc_passwd' (no leading dots)
 * sanitizeFileName('invoice\u202Efdp.exe') // 'invoicefdp.exe'
 * sanitizeFileName('CON.txt') // '_CON.txt'
 */
export function sanitizeFileName(raw: string): string {
  let name = String(raw).normalize('NFC').replace(CONTROL, '').replace(INVISIBLE, '').replace(FORBIDDEN, '_');
  // No leading dots (hidden files, "." and "..") and no leading/trailing spaces; Windows also
  // drops trailing dots and spaces silently, which would change the name under us.
  name = name.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  if (RESERVED.test(name)) name = `_${name}`;
  name = truncateUtf8(name, MAX_FILE_NAME_BYTES);
  return name.length > 0 ? name : 'file';
}

/** Shortens `name` to at most `maxBytes` of UTF-8, keeping its extension (up to 16 characters) when there is one. */
function truncateUtf8(name: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(name).length <= maxBytes) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  let stem = ext ? name.slice(0, dot) : name;
  const budget = maxBytes - encoder.encode(ext).length;
  // Cut by code points so a surrogate pair is never split.
  const points = Array.from(stem);
  while (points.length > 0 && encoder.encode(points.join('')).length > budget) points.pop();
  stem = points.join('').replace(/[\s.]+$/, '');
  return stem + ext;
}

/** A MIME type shown before accepting ("image/png"); anything unusual becomes "". */
export function sanitizeMimeType(raw: string): string {
  const type = String(raw).trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,127}$/.test(type) ? type : '';
}
