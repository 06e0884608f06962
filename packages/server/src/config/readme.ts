import { defaultText } from './help.js';
import { settingEntries } from './read.js';
import { SETTING_GROUPS, type Setting } from './setting.js';

export const CONFIG_TABLE_START = '<!-- config:start -->';
export const CONFIG_TABLE_END = '<!-- config:end -->';

const code = (text: string): string => `\`${text}\``;

function row(entry: Setting): string {
  const flag = entry.flag
    ? `${code(`--${entry.flag.name}`)}${entry.flag.short ? `, ${code(`-${entry.flag.short}`)}` : ''}${entry.flag.multiple ? ' (repeatable)' : ''}`
    : '';
  const more = entry.more ? `. See [${entry.more.title}](${entry.more.href})` : '';
  const cells = [code(entry.env), flag, defaultText(entry), `${entry.description}${more}`];
  return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
}

/** The README's configuration table (Markdown), one table per group, generated from config/settings.ts. */
export function configTable(): string {
  const lines = [
    CONFIG_TABLE_START,
    '',
    '<!-- Generated from packages/server/src/config/settings.ts by `npm run docs:config`; edit there. -->',
  ];
  for (const group of SETTING_GROUPS) {
    lines.push('', `**${group}**`, '', '| Environment | Flag | Default | Meaning |', '|---|---|---|---|');
    for (const [, entry] of settingEntries()) if (entry.group === group) lines.push(row(entry));
  }
  lines.push('', CONFIG_TABLE_END);
  return lines.join('\n');
}

/** `readme` with the text between the configuration table's markers replaced by a fresh table. */
export function withConfigTable(readme: string): string {
  const start = readme.indexOf(CONFIG_TABLE_START);
  const end = readme.indexOf(CONFIG_TABLE_END);
  if (start === -1 || end < start) {
    throw new Error(`README has no ${CONFIG_TABLE_START} … ${CONFIG_TABLE_END} markers where the configuration table belongs`);
  }
  return readme.slice(0, start) + configTable() + readme.slice(end + CONFIG_TABLE_END.length);
}
