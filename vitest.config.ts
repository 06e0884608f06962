import { defineConfig } from 'vitest/config';

// Unit and integration tests of the Node-side packages. Browser tests live in e2e/ (Playwright).
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'scripts/test/**/*.test.mjs'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
