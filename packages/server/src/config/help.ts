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
 * `npm start -- --help` and `parley serve --help`: one text, so a reader of either meets the
 * same settings (both run this server).
 */
export function serveHelp(): string {
  return configHelp(
    [
      'Parley: video meetings browser to browser. This server does signaling and serves the web app.',
      '',
      'Usage: npm start -- [options]',
      '   or: parley serve [options]',
    ],
    [
      'npm start',
      'npm start -- --https',
      'PARLEY_SECRET=$(openssl rand -hex 32) npm start -- --redis redis://127.0.0.1:6379',
      'npm start -- --janus ws://127.0.0.1:8188',
      'PARLEY_TURN_URLS=turn:turn.example.org:3478 PARLEY_TURN_SECRET=… npm start -- --port 8080',
    ],
  );
}

/** `npm run doctor -- --help` and `parley doctor --help`, one text as for serveHelp. */
export function doctorHelp(): string {
  return configHelp(
    [
      'Parley doctor: checks STUN, TURN, the public URL and its certificate with the settings Parley runs with,',
      'and prints the fix for each problem. Exits 1 when something is broken.',
      '',
      'Usage: npm run doctor -- [options]',
      '   or: parley doctor [options]',
    ],
    ['PARLEY_TURN_URLS=turn:turn.example.org:3478?transport=udp PARLEY_TURN_SECRET=… npm run doctor'],
  );
}

/**
 * Every setting by group, with its flag, its variable, its default and what it does. `intro`
 * comes first: what the program is and its usage; `examples` last.
 */
function configHelp(intro: readonly string[], examples: readonly string[]): string {
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
  lines.push('', 'Examples:', ...examples.map((example) => `  ${example}`));
  lines.push('', 'The README lists the same settings as a table; docs/OPERATING.md explains running Parley for others.');
  return lines.join('\n');
}
