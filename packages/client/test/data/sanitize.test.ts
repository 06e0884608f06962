import { describe, expect, it } from 'vitest';
import { MAX_FILE_NAME_BYTES, sanitizeFileName, sanitizeMimeType } from '../../src/data/sanitize.js';

const utf8 = (s: string) => new TextEncoder().encode(s).length;

describe('sanitizeFileName', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['사진 2024.jpg', '사진 2024.jpg'],
    // path separators and traversal
    ['../../etc/passwd', '_.._etc_passwd'],
    ['..\\..\\windows\\system32\\x.dll', '_.._windows_system32_x.dll'],
    ['/abs/path.txt', '_abs_path.txt'],
    ['..', 'file'],
    ['.', 'file'],
    ['...', 'file'],
    ['.bashrc', 'bashrc'],
    // control characters, NUL, DEL, C1
    ['a\u0000b\nc\rd\u007fe\u0085f.txt', 'abcdef.txt'],
    // bidi overrides, isolates, marks, zero-width
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['a\u2066b\u2067c\u2068d\u2069e\u202Af\u202Bg\u202Ch\u202Di', 'abcdefghi'],
    ['x\u200Fy\u200Ez\u061C\u200B\uFEFF.txt', 'xyz.txt'],
    // Windows-forbidden characters and alternate data streams
    ['a<b>c:d"e|f?g*h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['file.txt:secret', 'file.txt_secret'],
    // Windows reserved device names, any case, with or without extension
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['Nul.tar.gz', '_Nul.tar.gz'],
    ['COM1', '_COM1'],
    ['lpt9.doc', '_lpt9.doc'],
    ['COM¹', '_COM¹'],
    ['CONSOLE.txt', 'CONSOLE.txt'],
    ['aux_data.csv', 'aux_data.csv'],
    // trailing dots and spaces (Windows drops them)
    ['notes.txt. . ', 'notes.txt'],
    ['  spaced  ', 'spaced'],
    ['', 'file'],
    ['\u202E', 'file'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected);
  });

  it('limits names to 255 UTF-8 bytes and keeps the extension', () => {
    const long = `${'가'.repeat(200)}.tar.gz`;
    const safe = sanitizeFileName(long);
    expect(utf8(safe)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(safe.endsWith('.gz')).toBe(true);
    expect(safe.startsWith('가가')).toBe(true);
    const emoji = sanitizeFileName('😀'.repeat(100));
    expect(utf8(emoji)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(emoji).toBe('😀'.repeat(63)); // whole code points only
  });

  it('normalises to NFC', () => {
    expect(sanitizeFileName('e\u0301.txt')).toBe('\u00e9.txt');
  });
});

describe('sanitizeMimeType', () => {
  it.each([
    ['image/png', 'image/png'],
    ['Application/PDF', 'application/pdf'],
    [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['', ''],
    ['text/html; charset=utf-8', ''],
    ['<script>/x', ''],
    ['image/png\u202E', ''],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeMimeType(raw)).toBe(expected);
  });
});
