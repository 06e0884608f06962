import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_TABLE_END, CONFIG_TABLE_START, configTable, settingEntries, withConfigTable } from '../src/config.js';

const README = new URL('../../../README.md', import.meta.url);

describe("the README's configuration table", () => {
  it('is what config/settings.ts generates (if not: npm run docs:config)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme.includes(CONFIG_TABLE_START), `README.md has no ${CONFIG_TABLE_START} marker`).toBe(true);
    expect(withConfigTable(readme), 'README.md is stale: run `npm run docs:config`').toBe(readme);
  });

  it('has a row for every setting with its variable, flag and default', () => {
    const table = configTable();
    for (const [, entry] of settingEntries()) {
      const row = table.split('\n').find((line) => line.startsWith(`| \`${entry.env}\` |`));
      expect(row, entry.env).toBeDefined();
      if (entry.flag) expect(row).toContain(`\`--${entry.flag.name}\``);
    }
    expect(table).toMatch(/\| `PORT` \| `--port`, `-p` \| `3000` \| HTTP port/);
    expect(table).toMatch(/\| `PARLEY_SECRET` \| {2}\| random per start \|/);
  });

  it('a stale table is noticed and replaced; a README without markers is refused', () => {
    const readme = `# Parley\n\nBefore.\n\n${CONFIG_TABLE_START}\n| old | table |\n${CONFIG_TABLE_END}\n\nAfter.\n`;
    const fresh = withConfigTable(readme);
    expect(fresh).not.toBe(readme);
    expect(fresh).toBe(`# Parley\n\nBefore.\n\n${configTable()}\n\nAfter.\n`);
    expect(withConfigTable(fresh)).toBe(fresh);
    expect(() => withConfigTable('# Parley\n')).toThrow(/markers/);
  });
});
