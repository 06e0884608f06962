import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, ROOT_DIR } from './stats.mjs';

export const SDK_PAGE_DIST = join(BENCH_DIR, 'sdk-page/dist');

/**
 * Bundles bench/sdk-page (Parley's client SDK from packages/client/dist, no UI) with the
 * repository's own vite, served by the page server under /sdk/. Returns false if it failed.
 */
export function buildSdkPage() {
  const vite = join(ROOT_DIR, 'node_modules/vite/bin/vite.js');
  if (!existsSync(vite)) return false;
  const result = spawnSync(
    process.execPath,
    [vite, 'build', join(BENCH_DIR, 'sdk-page'), '--outDir', SDK_PAGE_DIST, '--base', '/sdk/', '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: ROOT_DIR, stdio: 'inherit' },
  );
  return result.status === 0 && existsSync(join(SDK_PAGE_DIST, 'index.html'));
}
