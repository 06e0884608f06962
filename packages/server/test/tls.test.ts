import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startupBanner } from '../src/tls/banner.js';
import { TlsSetupError, loadTlsMaterial } from '../src/tls/certificate.js';
import { lanIPv4Addresses, reachableUrls, type Interfaces } from '../src/tls/lan.js';
import { startServer } from './support/harness.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-tls-'));
  dirs.push(dir);
  return dir;
}

const INTERFACES: Interfaces = {
  lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
  wlan0: [
    {
      address: '192.168.1.23',
      netmask: '255.255.255.0',
      family: 'IPv4',
      mac: '02:00:00:00:00:01',
      internal: false,
      cidr: '192.168.1.23/24',
    },
    {
      address: 'fe80::1',
      netmask: 'ffff:ffff:ffff:ffff::',
      family: 'IPv6',
      mac: '02:00:00:00:00:01',
      internal: false,
      cidr: 'fe80::1/64',
      scopeid: 2,
    },
  ],
  eth1: [{ address: '10.0.0.5', netmask: '255.0.0.0', family: 'IPv4', mac: '02:00:00:00:00:02', internal: false, cidr: '10.0.0.5/8' }],
  zeroconf: [
    { address: '169.254.3.4', netmask: '255.255.0.0', family: 'IPv4', mac: '02:00:00:00:00:03', internal: false, cidr: '169.254.3.4/16' },
  ],
};

function get(url: string): Promise<{ status: number; body: string; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false, agent: false }, (res) => {
      const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, fingerprint }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('self-signed certificate', () => {
  it('is generated once into the data directory, key private, and reused after a restart', async () => {
    const dataDir = await tempDir();
    const first = await loadTlsMaterial({ dataDir, interfaces: INTERFACES });
    expect(first.source).toBe('generated');
    expect(first.selfSigned).toBe(true);
    expect((await stat(first.keyPath)).mode & 0o777).toBe(0o600);
    const x509 = new X509Certificate(first.cert);
    expect(x509.subjectAltName).toContain('DNS:localhost');
    expect(x509.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(x509.subjectAltName).toContain('IP Address:192.168.1.23');
    expect(x509.checkHost('localhost')).toBe('localhost');

    const second = await loadTlsMaterial({ dataDir, interfaces: INTERFACES });
    expect(second.source).toBe('stored');
    expect(second.fingerprint256).toBe(first.fingerprint256);
    expect(second.key).toBe(first.key);
  });

  it('is replaced when it is within 30 days of expiry', async () => {
    const dataDir = await tempDir();
    const first = await loadTlsMaterial({ dataDir });
    const later = first.validTo.getTime() - 10 * 86_400_000;
    const renewed = await loadTlsMaterial({ dataDir, now: () => later });
    expect(renewed.source).toBe('generated');
    expect(renewed.fingerprint256).not.toBe(first.fingerprint256);
  });

  it('uses a given certificate and key, and says clearly when they are unusable', async () => {
    const dataDir = await tempDir();
    const generated = await loadTlsMaterial({ dataDir });
    const given = await loadTlsMaterial({ tlsCert: generated.certPath, tlsKey: generated.keyPath, dataDir: await tempDir() });
    expect(given).toMatchObject({ source: 'files', fingerprint256: generated.fingerprint256 });

    await expect(loadTlsMaterial({ tlsCert: join(dataDir, 'missing.pem'), tlsKey: generated.keyPath, dataDir })).rejects.toThrow(
      /PARLEY_TLS_CERT \(--tls-cert\): cannot read ".*missing\.pem" \(ENOENT\)/,
    );
    const otherKey = join(dataDir, 'other-key.pem');
    const other = await loadTlsMaterial({ dataDir: await tempDir() });
    await writeFile(otherKey, other.key);
    await expect(loadTlsMaterial({ tlsCert: generated.certPath, tlsKey: otherKey, dataDir })).rejects.toThrow(TlsSetupError);
    await expect(loadTlsMaterial({ tlsCert: generated.certPath, tlsKey: otherKey, dataDir })).rejects.toThrow(
      /is not the key of the certificate/,
    );
  });
});

describe('HTTPS server', () => {
  it('serves the app and health over TLS with the same certificate after a restart', async () => {
    const dataDir = await tempDir();
    const first = await startServer({ https: true, dataDir });
    let fingerprint: string;
    try {
      expect(first.url()).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const page = await get(`${first.url()}/r/standup`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<div id="root">');
      fingerprint = page.fingerprint;
      expect(fingerprint).toBe(first.tls?.fingerprint256);
      expect(JSON.parse((await get(`${first.url()}/api/server-info`)).body)).toEqual({ httpsUrl: null });
    } finally {
      await first.close();
    }
    const second = await startServer({ https: true, dataDir });
    try {
      expect(second.tls?.source).toBe('stored');
      expect((await get(`${second.url()}/healthz`)).fingerprint).toBe(fingerprint);
    } finally {
      await second.close();
    }
    expect(await readFile(join(dataDir, 'tls', 'cert.pem'), 'utf8')).toContain('BEGIN CERTIFICATE');
  });

  it('tells the page the secure address when one is configured', async () => {
    const server = await startServer({ publicUrl: 'https://meet.example.org' });
    try {
      const response = await fetch(`${server.url()}/api/server-info`);
      expect(await response.json()).toEqual({ httpsUrl: 'https://meet.example.org' });
    } finally {
      await server.close();
    }
  });
});

describe('LAN addresses and the start banner', () => {
  it('lists reachable IPv4 addresses, not loopback, link-local or IPv6', () => {
    expect(lanIPv4Addresses(INTERFACES)).toEqual(['192.168.1.23', '10.0.0.5']);
    expect(reachableUrls('https', '0.0.0.0', 3000, INTERFACES)).toEqual({
      local: 'https://localhost:3000',
      lan: ['https://192.168.1.23:3000', 'https://10.0.0.5:3000'],
    });
    expect(reachableUrls('http', 'localhost', 3000, INTERFACES)).toEqual({ local: 'http://localhost:3000', lan: [] });
  });

  it('prints every LAN URL, the certificate fingerprint and a QR code of the first URL', async () => {
    const tls = await loadTlsMaterial({ dataDir: await tempDir() });
    const banner = startupBanner({ https: true, host: '0.0.0.0', port: 3443, tls, interfaces: INTERFACES });
    expect(banner).toContain('On this machine:  https://localhost:3443');
    expect(banner).toContain('On your network:  https://192.168.1.23:3443');
    expect(banner).toContain('On your network:  https://10.0.0.5:3443');
    expect(banner).toContain(tls.fingerprint256);
    expect(banner).toContain('Scan to open https://192.168.1.23:3443');
    expect(banner).toMatch(/[▀▄█]{20,}/); // the QR code, in half blocks
  });
});
