import { flagUsage, settingEntries } from './read.js';
import { SETTING_GROUPS, type Setting } from './setting.js';

const WIDTH = 100;
const INDENT = '      ';

/** Markdown code spans and links as plain text, for a terminal. */
export function plainText(markdown: string): string {
  return markdown.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/`([^`]*)`/g, '$1');
}

/** A setting's default as people read it (Markdown): `3000`, off, none. */
export function defaultText(entry: Setting): string {
  if (entry.defaultText !== undefined) return entry.defaultText;
  const value: unknown = entry.default;
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return 'none';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'number' || typeof value === 'string') return `\`${value}\``;
  return `\`${JSON.stringify(value)}\``;
}

/** Words laid out in lines of at most WIDTH characters, each starting with `indent`. */
export function wrap(text: string, indent: string, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line.length > indent.length && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent;
    }
    line += line.length > indent.length ? ` ${word}` : word;
  }
  if (line.length > indent.length) lines.push(line);
  return lines;
}

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/**
 * `npm start -- --help` (and `npm run doctor -- --help`): every setting by group, with its flag,
 * its variable, its default and what it does. `intro` comes first: what the program is and its usage.
 */
export function configHelp(intro: readonly string[]): string {
  const lines = [
    ...intro,
    '',
    'Every setting is an environment variable, most also a flag; a flag wins over its variable.',
    'Give secrets as variables rather than flags: a command line shows up in ps.',
  ];
  for (const group of SETTING_GROUPS) {
    lines.push('', `${group}:`);
    for (const [, entry] of settingEntries().filter(([, { group: g }]) => g === group)) {
      const fallback = plainText(defaultText(entry));
      const flag = entry.flag && `${entry.flag.short ? `-${entry.flag.short}, ` : ''}${flagUsage(entry.flag)}`;
      const repeatable = entry.flag?.multiple ? '; the flag may be repeated' : '';
      lines.push(
        flag ? `  ${flag} or ${entry.env}; default ${fallback}${repeatable}` : `  ${entry.env} (environment only); default ${fallback}`,
      );
      lines.push(...wrap(plainText(entry.description), INDENT));
    }
  }
  lines.push('', 'The README lists the same settings as a table; docs/OPERATING.md explains running Parley for others.');
  return lines.join('\n');
}
