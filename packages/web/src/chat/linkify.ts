/** A piece of a chat message: plain text, or a link to show as one. */
export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// Only http(s) URLs written out in full become links: never javascript:, data:, or a bare host.
// eslint-disable-next-line no-control-regex -- control characters end a URL: they are excluded on purpose.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`\u0000-\u001f\u007f]+/gi;
// Punctuation that ends a sentence rather than the URL ("see https://x.org/a.").
const TRAILING = /[.,;:!?'"\]}>*_~]+$/;

/**
 * Splits a message into text and http(s) link segments. The result is rendered with React
 * elements (text nodes and <a>), never as HTML, so nothing in a message can inject markup.
 *
 * @example
 * linkify('docs: https://example.org/a.') // [text 'docs: ', link 'https://example.org/a', text '.']
 */
export function linkify(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    let candidate = match[0];
    for (let before = ''; before !== candidate;) {
      before = candidate;
      candidate = candidate.replace(TRAILING, '');
      // A closing parenthesis belongs to the URL only if it opened one ("(see https://x.org/a_(b))").
      if (candidate.endsWith(')') && count(candidate, '(') < count(candidate, ')')) candidate = candidate.slice(0, -1);
    }
    const href = safeHref(candidate);
    if (!href) continue;
    if (start > last) out.push({ kind: 'text', text: text.slice(last, start) });
    out.push({ kind: 'link', text: candidate, href });
    last = start + candidate.length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname) return null;
    return url.href;
  } catch {
    return null;
  }
}
