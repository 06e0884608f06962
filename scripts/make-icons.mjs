// Renders the app icons (web app manifest) from the favicon's drawing with the test Chromium, so
// they are pixels of the same shape. Run by hand when the icon changes: node scripts/make-icons.mjs
import { writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';

const BUBBLE = 'M9 10h10a4 4 0 0 1 4 4v3a4 4 0 0 1-4 4h-5l-5 4v-4a4 4 0 0 1 0-11z';
const out = new URL('../packages/web/public/', import.meta.url);

/** `any`: the rounded square as the favicon draws it. `maskable`: full bleed, the bubble inside the 80 % safe zone (W3C Manifest §maskable). */
const icons = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  const page = await browser.newPage();
  for (const { file, size, maskable } of icons) {
    const svg = maskable
      ? `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="${size}" height="${size}"><rect width="32" height="32" fill="#4f7cff"/><g transform="translate(4.8 4.8) scale(0.7)"><path d="${BUBBLE}" fill="#fff"/></g></svg>`
      : `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="${size}" height="${size}"><rect width="32" height="32" rx="8" fill="#4f7cff"/><path d="${BUBBLE}" fill="#fff"/></svg>`;
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await writeFile(new URL(file, out), await page.locator('svg').screenshot({ omitBackground: true }));
  }
} finally {
  await browser.close();
}
