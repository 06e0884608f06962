// Rewrites the configuration table in README.md (between <!-- config:start --> and
// <!-- config:end -->) from the server's settings table, packages/server/src/config/settings.ts.
// Run through `npm run docs:config`, which builds the server first.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { withConfigTable } = await import('../packages/server/dist/config.js');
const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const readme = readFileSync(readmePath, 'utf8');
const next = withConfigTable(readme);
if (next === readme) {
  console.error('README.md: the configuration table is up to date');
} else {
  writeFileSync(readmePath, next);
  console.error('README.md: configuration table rewritten from packages/server/src/config/settings.ts');
}
