import { expect, test } from '../support/fixtures.js';

test.describe('installable', () => {
  test('the browser finds a valid web app manifest with icons and would install Parley full-screen; nothing caches signaling', async ({
    parley,
    people,
  }) => {
    const [ada] = await people.launch('Ada');
    const page = ada!.page;
    await page.goto(parley.url);
    const cdp = await page.context().newCDPSession(page);
    // Chromium's own reading of the manifest (the DevTools protocol's Page.getAppManifest) and its installability check.
    const manifest = (await cdp.send('Page.getAppManifest')) as {
      url: string;
      errors: { message: string }[];
      parsed?: { name?: string; display?: string; icons?: unknown[] };
    };
    expect(manifest.url).toBe(`${parley.url}/manifest.webmanifest`);
    expect(manifest.errors).toEqual([]);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    // The test's browser context is incognito, where Chromium installs nothing: that, and only that, stands in the way.
    expect(installabilityErrors.map((error) => error.errorId)).toEqual(['in-incognito']);

    const body = (await (await page.request.get(`${parley.url}/manifest.webmanifest`)).json()) as {
      name: string;
      display: string;
      start_url: string;
      icons: { src: string; sizes: string; purpose: string }[];
    };
    expect(body).toMatchObject({ name: 'Parley', display: 'fullscreen', start_url: '/' });
    // Every icon it names is served, and the PNGs are the size they claim.
    for (const icon of body.icons) {
      const response = await page.request.get(new URL(icon.src, parley.url).toString());
      expect(response.status(), icon.src).toBe(200);
      if (icon.sizes === 'any') continue;
      const png = await response.body();
      const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
    }
    expect(body.icons.some((icon) => icon.purpose === 'maskable')).toBe(true);
    // No service worker: nothing can cache signaling or media.
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
  });
});
