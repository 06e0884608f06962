import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { randomRoomId } from '../support/browsers.js';
import { expectSeesAndHears } from '../support/call.js';
import { expect, test } from '../support/fixtures.js';
import { startParley } from '../support/server.js';

/**
 * A phone on the Wi-Fi opens Parley at a network name, not localhost: the machine's mDNS name
 * `<hostname>.local`, which the server answers to and its generated certificate covers. Chromium
 * resolves it to 127.0.0.1 here (nothing leaves this machine), so the page is on a non-localhost
 * origin exactly as on a LAN: a secure context only over HTTPS.
 */
const LAN_NAME = `${hostname().split('.')[0]!.toLowerCase()}.local`;
const RESOLVE_TO_LOOPBACK = `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`;

/** SHA-256 fingerprint of the certificate a TLS server presents. */
function servedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: LAN_NAME, rejectUnauthorized: false }, () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(fingerprint);
    });
    socket.once('error', reject);
  });
}

test.describe('HTTPS on the LAN', () => {
  test('with a generated certificate the app is a secure context at a network name, the call works, and a restart keeps the certificate', async ({
    people,
  }) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parley-e2e-data-'));
    try {
      let parley = await startParley({ config: { https: true, dataDir } });
      let fingerprint: string;
      try {
        expect(parley.server.tls?.source).toBe('generated');
        const port = Number(new URL(parley.url).port);
        const url = `https://${LAN_NAME}:${port}`;
        const [ada, bob] = await people.launchWith(['--ignore-certificate-errors', RESOLVE_TO_LOOPBACK], 'Ada', 'Bob');
        const room = randomRoomId('https');
        await Promise.all([ada!.join(url, room), bob!.join(url, room)]);
        expect(
          await ada!.page.evaluate(() => ({ secure: window.isSecureContext, protocol: location.protocol, host: location.hostname })),
        ).toEqual({
          secure: true,
          protocol: 'https:',
          host: LAN_NAME,
        });
        await expect(ada!.page.getByTestId('insecure-context')).toHaveCount(0);
        await Promise.all([expectSeesAndHears(ada!, bob!), expectSeesAndHears(bob!, ada!)]);
        fingerprint = await servedFingerprint(port);
        expect(fingerprint).toBe(parley.server.tls?.fingerprint256);
        // Stopped while both pages are in the call: they reconnect at once and keep trying, and
        // the server still closes promptly (it once waited on their connections for a minute).
        const stopping = Date.now();
        await parley.close();
        expect(Date.now() - stopping, 'ms to close with two pages reconnecting').toBeLessThan(5_000);
      } finally {
        await parley.close();
      }

      parley = await startParley({ config: { https: true, dataDir } });
      try {
        expect(parley.server.tls?.source).toBe('stored');
        expect(await servedFingerprint(Number(new URL(parley.url).port))).toBe(fingerprint);
      } finally {
        await parley.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('over plain HTTP at a network name the page explains why the camera is blocked and links to HTTPS', async ({ parley, people }) => {
    const [ada] = await people.launchWith([RESOLVE_TO_LOOPBACK], 'Ada');
    const port = new URL(parley.url).port;
    await ada!.page.goto(`http://${LAN_NAME}:${port}/r/standup?name=Ada`);
    const notice = ada!.page.getByTestId('insecure-context');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('Camera and microphone are blocked on this page');
    await expect(notice).toContainText(`opened over http:// at ${LAN_NAME}:${port}`);
    await expect(notice).toContainText('npm start -- --https');
    await expect(ada!.page.getByTestId('secure-link')).toHaveAttribute('href', `https://${LAN_NAME}:${port}/r/standup?name=Ada`);
    expect(await ada!.page.evaluate(() => window.isSecureContext)).toBe(false);

    // On localhost the same page is a secure context and shows no such notice.
    await ada!.page.goto(`${parley.url}/r/standup?name=Ada`);
    await expect(ada!.page.getByTestId('name-input')).toBeVisible();
    await expect(ada!.page.getByTestId('insecure-context')).toHaveCount(0);
  });
});
