import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/browsers.js';

/**
 * End-to-end tests: the real server (started in-process by the `parley` fixture) and the built web
 * app, driven in Debian's Chromium with fake camera and microphone. One worker: every participant
 * is its own browser process, and a 2-core machine runs one call at a time honestly.
 */
export default defineConfig({
  testDir: './tests',
  workers: 1,
  fullyParallel: false,
  retries: 0, // a flaky call is a bug to fix, not to hide
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  outputDir: './test-results',
  use: {
    // For tests that use Playwright's own `page` fixture (one browser, no call).
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    headless: true,
    locale: 'en-US',
    // Generous: three browsers on two cores can stall a page for seconds (seen at load ≈ 18).
    actionTimeout: 20_000,
    navigationTimeout: 15_000,
    trace: 'off',
  },
});
