import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoturn, type Coturn } from '@parley/testkit';
import { makeConfig, type Config } from '../src/config.js';
import { formatReport, hasFailures, runDoctor } from '../src/doctor/runDoctor.js';
import { stunBinding, turnAllocate } from '../src/doctor/stun/client.js';
import { mintTurnCredentials } from '../src/turn/credentials.js';
import { parseIceUrl } from '../src/turn/iceUrls.js';
import type { CheckResult } from '../src/doctor/types.js';
import { startServer } from './support/harness.js';

// Against a real coturn (Debian package) started on 127.0.0.1 for these tests.
let coturn: Coturn;
beforeAll(async () => {
  coturn = await startCoturn();
});
afterAll(async () => {
  await coturn?.close();
});

function config(overrides: Partial<Config> = {}): Config {
  return makeConfig({
    port: 1, // nothing listens there: the server check warns, the ICE checks are what is tested
    host: '127.0.0.1',
    stunUrls: [`stun:127.0.0.1:${coturn.port}`],
    turnUrls: [coturn.urls.udp, coturn.urls.tcp],
    turnSecret: coturn.secret,
    ...overrides,
  });
}

const byTitle = (results: CheckResult[], prefix: string): CheckResult[] => results.filter((r) => r.title.startsWith(prefix));

describe('STUN/TURN client against coturn', () => {
  it('gets a binding and allocates a relay over UDP and TCP with minted credentials', async () => {
    const binding = await stunBinding(parseIceUrl(`stun:127.0.0.1:${coturn.port}`));
    expect(binding.mapped.address).toBe('127.0.0.1');
    const { username, credential } = mintTurnCredentials(coturn.secret, 'unit-test', 300);
    for (const url of [coturn.urls.udp, coturn.urls.tcp]) {
      const result = await turnAllocate(parseIceUrl(url), { username, password: credential });
      expect(result, url).toMatchObject({ ok: true, realm: coturn.realm, relayed: { address: '127.0.0.1' } });
    }
  });

  it('is refused with 401 for a wrong secret and for expired credentials', async () => {
    const wrong = mintTurnCredentials('not-the-secret-0123456789', 'unit-test', 300);
    const expired = mintTurnCredentials(coturn.secret, 'unit-test', 300, Date.now() - 3_600_000);
    for (const credentials of [wrong, expired]) {
      const result = await turnAllocate(parseIceUrl(coturn.urls.udp), { username: credentials.username, password: credentials.credential });
      expect(result).toMatchObject({ ok: false, stage: 'authenticate', code: 401 });
    }
  });
});

describe('doctor', () => {
  it('passes a correct configuration: STUN answered, TURN allocated over UDP and TCP', async () => {
    const results = await runDoctor(config());
    expect(byTitle(results, 'STUN ')).toEqual([expect.objectContaining({ status: 'ok' })]);
    const turn = byTitle(results, 'TURN turn:');
    expect(turn.map((r) => [r.title, r.status])).toEqual([
      [`TURN ${coturn.urls.udp}`, 'ok'],
      [`TURN ${coturn.urls.tcp}`, 'ok'],
    ]);
    expect(turn[0]?.detail).toMatch(/allocated relay 127\.0\.0\.1:\d+/);
    expect(hasFailures(results)).toBe(false);
    // The test coturn allows loopback peers (and has no denied-peer-ip): doctor flags what that exposes.
    expect(results.find((r) => r.title === `TURN relay restrictions 127.0.0.1:${coturn.port}`)).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/would relay to 169\.254\.169\.254 \(the cloud metadata service\), 127\.0\.0\.1/),
      fix: expect.stringContaining('denied-peer-ip'),
    });
  });

  it('passes the hardened deploy/coturn/turnserver.conf, which refuses to relay to loopback, private networks and metadata', async () => {
    const template = await readFile(join(import.meta.dirname, '../../../deploy/coturn/turnserver.conf'), 'utf8');
    const hardened = await startCoturn({ template });
    try {
      const results = await runDoctor(
        config({ stunUrls: [], turnUrls: [hardened.urls.udp, hardened.urls.tcp], turnSecret: hardened.secret }),
      );
      expect(byTitle(results, 'TURN turn:').map((r) => r.status)).toEqual(['ok', 'ok']);
      expect(results.find((r) => r.title.startsWith('TURN relay restrictions'))).toMatchObject({
        status: 'ok',
        detail: 'refuses to relay to 169.254.169.254, 127.0.0.1 (403).',
      });
      // Private ranges too (doctor skips them for a TURN server on a private address, so ask directly).
      const { username, credential } = mintTurnCredentials(hardened.secret, 'unit-test', 300);
      const probe = await turnAllocate(
        parseIceUrl(hardened.urls.udp),
        { username, password: credential },
        {
          probePeers: ['10.1.2.3', '172.20.0.1', '192.168.1.1', '100.64.0.1', '169.254.169.254', '0.0.0.1', '198.18.0.1'],
        },
      );
      expect(probe.ok && probe.permissions.map((p) => [p.address, p.allowed, p.code])).toEqual([
        ['10.1.2.3', false, 403],
        ['172.20.0.1', false, 403],
        ['192.168.1.1', false, 403],
        ['100.64.0.1', false, 403],
        ['169.254.169.254', false, 403],
        ['0.0.0.1', false, 403],
        ['198.18.0.1', false, 403],
      ]);
    } finally {
      await hardened.close();
    }
  });

  it('says exactly what is wrong when the secret does not match coturn', async () => {
    const results = await runDoctor(config({ turnSecret: 'a-different-secret-0123456789' }));
    const turn = byTitle(results, 'TURN turn:');
    expect(turn).toHaveLength(2);
    for (const result of turn) {
      expect(result.status).toBe('fail');
      expect(result.detail).toContain(
        "TURN rejected the credentials (401 Unauthorized): PARLEY_TURN_SECRET does not match coturn's static-auth-secret",
      );
      expect(result.fix).toContain('static-auth-secret in turnserver.conf');
    }
    expect(hasFailures(results)).toBe(true);
    expect(formatReport(results)).toMatch(/✗ TURN turn:127\.0\.0\.1:\d+\?transport=udp\n.*401.*\n\s+Fix: Set PARLEY_TURN_SECRET/);
  });

  it('tells expired credentials (clock behind the TURN server) from a wrong secret', async () => {
    const results = await runDoctor(config(), { now: () => Date.now() - 3_600_000 });
    for (const result of byTitle(results, 'TURN turn:')) {
      expect(result.status).toBe('fail');
      expect(result.detail).toContain('TURN rejected the credentials as expired (401)');
      expect(result.detail).toContain('clock is behind');
      expect(result.fix).toMatch(/Synchronise both clocks|PARLEY_TURN_TTL/);
    }
  });

  it('names the fix when nothing listens on the TURN port or the name does not resolve', async () => {
    const stopped = await stoppedPort();
    const results = await runDoctor(
      config({
        stunUrls: [`stun:127.0.0.1:${stopped.port}`],
        turnUrls: [`turn:127.0.0.1:${stopped.port}?transport=tcp`, 'turn:turn.invalid:3478'],
      }),
      { timeoutMs: 1_000 },
    );
    const [tcp, dns] = byTitle(results, 'TURN turn:');
    expect(tcp).toMatchObject({ status: 'fail', detail: expect.stringContaining('connection refused') });
    expect(tcp?.fix).toContain("coturn's listening-port");
    expect(dns).toMatchObject({ status: 'fail', detail: expect.stringContaining('cannot resolve "turn.invalid"') });
    expect(byTitle(results, 'STUN ')[0]).toMatchObject({ status: 'fail', detail: expect.stringContaining('connection refused') });
  });

  it('warns when there is no TURN at all, or only over UDP', async () => {
    const none = await runDoctor(config({ stunUrls: [], turnUrls: [], turnSecret: undefined }));
    expect(none.map((r) => r.title)).toEqual(expect.arrayContaining(['TURN server', 'STUN server']));
    expect(none.find((r) => r.title === 'TURN server')).toMatchObject({ status: 'warn', fix: expect.stringContaining('PARLEY_TURN_URLS') });
    const udpOnly = await runDoctor(config({ turnUrls: [coturn.urls.udp] }));
    expect(udpOnly.find((r) => r.title === 'TURN over TCP/TLS')).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining('?transport=tcp'),
    });
  });

  it('checks the running server and the public URL, and the certificate served there', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parley-doctor-'));
    const server = await startServer({ https: true, dataDir });
    try {
      const url = server.url(); // https://127.0.0.1:<port>, self-signed
      const results = await runDoctor(config({ publicUrl: url, https: true, port: Number(new URL(url).port), dataDir }));
      expect(results.find((r) => r.title.startsWith('Parley at'))).toMatchObject({ status: 'ok' });
      expect(results.find((r) => r.title === `Public URL ${url}`)).toMatchObject({ status: 'ok' });
      // Valid for 127.0.0.1 (it is in the certificate's names) but not trusted: a warning with the fix.
      expect(results.find((r) => r.title.startsWith('Certificate of'))).toMatchObject({
        status: 'warn',
        detail: expect.stringContaining('browsers will not trust the certificate'),
        fix: expect.stringContaining("Let's Encrypt"),
      });
      expect(results.find((r) => r.title.startsWith('Certificate /'))).toMatchObject({
        status: 'ok',
        detail: expect.stringContaining('self-signed'),
      });
      const wrongName = await runDoctor(config({ publicUrl: url.replace('127.0.0.1', 'localhost.localdomain.invalid') }), {
        timeoutMs: 1_000,
      });
      expect(wrongName.find((r) => r.title.startsWith('DNS '))).toMatchObject({
        status: 'fail',
        fix: expect.stringContaining('Create an A'),
      });
    } finally {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

/** A port coturn just listened on and nothing does now (TCP and UDP). */
async function stoppedPort(): Promise<{ port: number }> {
  const extra = await startCoturn();
  await extra.close();
  return { port: extra.port };
}
