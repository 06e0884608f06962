#!/usr/bin/env node
// The `parley` command. A committed file (not dist/) so that `npm ci` links it before the first
// build; it runs the compiled CLI.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('parley: the CLI is not built yet. Run `npm run build` at the top of the Parley repository.');
  process.exit(1);
}
await import(main.href);
