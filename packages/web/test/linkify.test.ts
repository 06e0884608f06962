import { describe, expect, it } from 'vitest';
import { linkify } from '../src/chat/linkify.js';
import { formatBytes, formatDuration } from '../src/files/format.js';

const links = (text: string) =>
  linkify(text)
    .filter((s) => s.kind === 'link')
    .map((s) => (s.kind === 'link' ? s.href : ''));

describe('linkify', () => {
  it('turns full http(s) URLs into links and keeps everything else as text', () => {
    expect(linkify('see https://example.org/a?b=1#c now')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.org/a?b=1#c', href: 'https://example.org/a?b=1#c' },
      { kind: 'text', text: ' now' },
    ]);
    expect(links('http://localhost:3000/r/x and HTTPS://EXAMPLE.ORG')).toEqual(['http://localhost:3000/r/x', 'https://example.org/']);
  });

  it('never links javascript:, data:, other schemes or bare hosts', () => {
    for (const text of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      'file:///etc/passwd',
      'ftp://example.org',
      'example.org',
      'www.example.org',
      '<a href="javascript:alert(1)">x</a>',
      'https://',
    ]) {
      expect(links(text), text).toEqual([]);
    }
  });

  it('stops a URL at markup characters and leaves sentence punctuation out', () => {
    expect(links('https://example.org/ok?q=<script>alert(1)</script>')).toEqual(['https://example.org/ok?q=']);
    expect(links('(see https://example.org/a.)')).toEqual(['https://example.org/a']);
    expect(links('https://en.wikipedia.org/wiki/Foo_(bar), ok')).toEqual(['https://en.wikipedia.org/wiki/Foo_(bar)']);
    expect(links('"https://example.org/x"')).toEqual(['https://example.org/x']);
  });

  it('keeps the text intact: joined segments give the message back', () => {
    const text = 'a https://x.org/1, b http://y.org/2. <b>c</b>';
    expect(
      linkify(text)
        .map((s) => s.text)
        .join(''),
    ).toBe(text);
  });
});

describe('format', () => {
  it('shows sizes in decimal units', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.50 kB');
    expect(formatBytes(50_000_000)).toBe('50.0 MB');
    expect(formatBytes(268_435_456)).toBe('268 MB');
  });

  it('shows time left', () => {
    expect(formatDuration(4.4)).toBe('4 s');
    expect(formatDuration(187)).toBe('3:07');
    expect(formatDuration(3723)).toBe('1:02:03');
  });
});
