import { X509Certificate } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type PeerCertificate } from 'node:tls';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { isLoopbackHost, isWildcardHost } from '../tls/lan.js';
import type { CheckResult, DoctorOptions } from './types.js';

const DAY_MS = 86_400_000;
/** Warn this long before a certificate expires: enough to renew without hurry. */
const RENEW_WARNING_DAYS = 14;

/** The running server answers /healthz at its own address. */
export async function serverCheck(config: Config, options: DoctorOptions): Promise<CheckResult> {
  const host = isWildcardHost(config.host) ? 'localhost' : config.host;
  const url = options.serverUrl ?? `${config.https ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
  const title = `Parley at ${url}`;
  try {
    const body = await getJson(new URL('/healthz', url), options.timeoutMs ?? 3_000);
    if ((body as { status?: unknown }).status !== 'ok') throw new Error('unexpected /healthz answer');
    return { title, status: 'ok', detail: 'the server is running and answers /healthz.' };
  } catch (error) {
    return {
      title,
      status: 'warn',
      detail: `no Parley server answers there (${(error as Error).message}).`,
      fix: 'Start it with `npm start`, and run doctor with the same settings (environment and flags) as the server.',
    };
  }
}

/**
 * The URL people are sent to: its name resolves, it reaches this Parley, and over https its
 * certificate is valid for the name and not about to expire.
 */
export async function publicUrlChecks(config: Config, options: DoctorOptions): Promise<CheckResult[]> {
  if (!config.publicUrl) {
    if (!config.https && !isLoopbackHost(config.host)) {
      return [
        {
          title: 'HTTPS',
          status: 'warn',
          detail: `Parley serves plain http:// on ${config.host}: browsers on other devices block the camera and microphone there.`,
          fix: 'Start with `npm start -- --https` (self-signed certificate) or put Parley behind a TLS reverse proxy and set PARLEY_PUBLIC_URL.',
        },
      ];
    }
    return [];
  }
  const url = new URL(config.publicUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const results: CheckResult[] = [];

  if (!isIP(host)) {
    try {
      const found = await lookup(host, { all: true });
      results.push({ title: `DNS ${host}`, status: 'ok', detail: `resolves to ${found.map((a) => a.address).join(', ')}.` });
    } catch (error) {
      results.push({
        title: `DNS ${host}`,
        status: 'fail',
        detail: `the name in PARLEY_PUBLIC_URL does not resolve (${(error as NodeJS.ErrnoException).code ?? 'DNS error'}).`,
        fix: `Create an A (and AAAA) record for ${host} pointing to this server's public address, or correct PARLEY_PUBLIC_URL.`,
      });
      return results;
    }
  }

  if (url.protocol === 'https:') results.push(await certificateCheck(url, options));
  else if (!isLoopbackHost(host)) {
    results.push({
      title: `Public URL ${config.publicUrl}`,
      status: 'warn',
      detail: 'it is http://: browsers block the camera and microphone on http:// pages other than localhost.',
      fix: 'Serve Parley over https (npm start -- --https, or a TLS reverse proxy) and set PARLEY_PUBLIC_URL=https://…',
    });
  }

  try {
    const body = await getJson(new URL('/healthz', url), options.timeoutMs ?? 5_000);
    if ((body as { status?: unknown }).status !== 'ok') throw new Error('it answers, but not like Parley');
    results.push({ title: `Public URL ${config.publicUrl}`, status: 'ok', detail: 'reaches this Parley server (/healthz).' });
  } catch (error) {
    results.push({
      title: `Public URL ${config.publicUrl}`,
      status: 'fail',
      detail: `does not reach a Parley server: ${(error as Error).message}.`,
      fix: 'Check that Parley is running, and the port forwarding or reverse proxy in front of it (it must pass WebSocket upgrades for /socket.io/).',
    });
  }
  return results;
}

/** The certificate served at `url`: valid for its host name, trusted, not near expiry. */
async function certificateCheck(url: URL, options: DoctorOptions): Promise<CheckResult> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  const title = `Certificate of ${url.host}`;
  let peer: { cert: PeerCertificate; authorized: boolean; authorizationError: string | null };
  try {
    peer = await fetchCertificate(host, port, options.timeoutMs ?? 5_000);
  } catch (error) {
    return {
      title,
      status: 'fail',
      detail: `no TLS server answers at ${host}:${port} (${(error as Error).message}).`,
      fix: 'Start Parley with --https (or the reverse proxy that terminates TLS), and open that port in the firewall.',
    };
  }
  const now = options.now?.() ?? Date.now();
  const validTo = new Date(peer.cert.valid_to).getTime();
  const daysLeft = Math.floor((validTo - now) / DAY_MS);
  const mismatch = checkServerIdentity(host, peer.cert);
  if (mismatch) {
    return {
      title,
      status: 'fail',
      detail: `the certificate is not valid for ${host}: ${mismatch.message}`,
      fix: `Use a certificate whose subjectAltName includes ${host} (PARLEY_TLS_CERT/PARLEY_TLS_KEY, or your proxy's).`,
    };
  }
  if (validTo < now) {
    return {
      title,
      status: 'fail',
      detail: `the certificate expired on ${new Date(validTo).toISOString().slice(0, 10)}.`,
      fix: 'Renew it (certbot renew, or delete .parley/tls/ for the generated one) and restart Parley.',
    };
  }
  if (!peer.authorized) {
    return {
      title,
      status: 'warn',
      detail: `browsers will not trust the certificate (${peer.authorizationError ?? 'untrusted'}); people must click through a warning.`,
      fix: `Use a certificate from a public CA for ${host} (e.g. Let's Encrypt) via PARLEY_TLS_CERT and PARLEY_TLS_KEY.`,
    };
  }
  if (daysLeft < RENEW_WARNING_DAYS) {
    return {
      title,
      status: 'warn',
      detail: `the certificate expires in ${daysLeft} days (${new Date(validTo).toISOString().slice(0, 10)}).`,
      fix: 'Renew it now (certbot renew) and restart Parley, or automate renewal.',
    };
  }
  return { title, status: 'ok', detail: `valid for ${host}, trusted, ${daysLeft} days left.` };
}

/** The certificate Parley itself will serve with --https (given files, or the generated one). */
export async function localCertificateCheck(config: Config, options: DoctorOptions): Promise<CheckResult | null> {
  if (!config.https) return null;
  const path = config.tlsCert ?? join(config.dataDir, 'tls', 'cert.pem');
  const title = `Certificate ${path}`;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(await readFile(path));
  } catch (error) {
    if (!config.tlsCert && (error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { title, status: 'ok', detail: 'none yet: Parley generates a self-signed certificate at its first start and keeps it.' };
    }
    return {
      title,
      status: 'fail',
      detail: `cannot read it: ${(error as Error).message}.`,
      fix: 'Point PARLEY_TLS_CERT to a readable PEM certificate (and PARLEY_TLS_KEY to its key).',
    };
  }
  const now = options.now?.() ?? Date.now();
  const validTo = new Date(cert.validTo).getTime();
  const daysLeft = Math.floor((validTo - now) / DAY_MS);
  if (validTo < now) {
    return {
      title,
      status: 'fail',
      detail: `expired on ${new Date(validTo).toISOString().slice(0, 10)}.`,
      fix: config.tlsCert
        ? 'Renew the certificate and restart Parley.'
        : `Delete ${join(config.dataDir, 'tls')} and restart Parley to generate a new one.`,
    };
  }
  if (daysLeft < RENEW_WARNING_DAYS) {
    return {
      title,
      status: 'warn',
      detail: `expires in ${daysLeft} days.`,
      fix: config.tlsCert
        ? 'Renew it and restart Parley.'
        : 'Restart Parley: it replaces a generated certificate 30 days before it expires.',
    };
  }
  const selfSigned = cert.issuer === cert.subject;
  return {
    title,
    status: 'ok',
    detail: `${selfSigned ? 'self-signed' : `issued by ${cert.issuer.split('\n').find((l) => l.startsWith('CN=')) ?? 'a CA'}`}, ${daysLeft} days left, SHA-256 ${cert.fingerprint256.slice(0, 23)}…`,
  };
}

function fetchCertificate(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<{ cert: PeerCertificate; authorized: boolean; authorizationError: string | null }> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host, port, servername: isIP(host) ? undefined : host, rejectUnauthorized: false });
    const timer = setTimeout(() => socket.destroy(new Error(`no TLS handshake within ${timeoutMs} ms`)), timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const cert = socket.getPeerCertificate();
      const result = {
        cert,
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
      };
      socket.end();
      resolve(result);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** GET a JSON document; over https the certificate is not verified here (certificateCheck does that). */
function getJson(url: URL, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      { method: 'GET', timeout: timeoutMs, rejectUnauthorized: false, headers: { accept: 'application/json' } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          if (response.statusCode !== 200) return reject(new Error(`HTTP ${response.statusCode}`));
          try {
            resolve(JSON.parse(body));
          } catch {
            reject(new Error('the answer is not JSON'));
          }
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code ?? error.message)));
    request.end();
  });
}
