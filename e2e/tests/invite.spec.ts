import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { randomRoomId } from '../support/browsers.js';
import { expect, test } from '../support/fixtures.js';

/** jsqr is CommonJS whose typings say `export default`: under Node's ESM the function is the module itself. */
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

test.describe('inviting people', () => {
  test('the invite shows a QR code a phone camera reads as the meeting link, and copies the link', async ({ parley, people }) => {
    const room = randomRoomId('invite');
    const [ada] = await people.launch('Ada');
    await ada!.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: parley.url });
    await ada!.join(parley.url, room);
    const page = ada!.page;
    const link = new URL(`/r/${room}`, parley.url).toString();

    await page.getByTestId('invite-button').click();
    const panel = page.getByTestId('invite-panel');
    await expect(panel).toBeVisible();
    await expect(page.getByTestId('invite-link')).toHaveValue(link);

    // What a camera sees: the QR code as pixels on the screen, decoded by a QR reader.
    const png = PNG.sync.read(await page.getByTestId('invite-qr').screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data, 'the QR code read from the screen').toBe(link);

    await page.getByTestId('copy-link-button').click();
    await expect(page.getByTestId('copy-link-toast')).toHaveText('Link copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    // Escape closes it and gives the focus back to the Invite button.
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    await expect(page.getByTestId('invite-button')).toBeFocused();
  });
});
