import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { certificateNames, type Interfaces } from './lan.js';

/** The key and certificate the HTTPS server uses, and where they came from. */
export interface TlsMaterial {
  key: string;
  cert: string;
  /** `files`: given by the admin; `stored`: generated earlier and reused; `generated`: made now. */
  source: 'files' | 'stored' | 'generated';
  /** SHA-256 fingerprint as `AB:CD:…`: compare with what a browser shows to know it is this server. */
  fingerprint256: string;
  validTo: Date;
  selfSigned: boolean;
  /** Files read or written. */
  certPath: string;
  keyPath: string;
}

export class TlsSetupError extends Error {
  override readonly name = 'TlsSetupError';
}

/** A generated certificate lasts a year and is replaced when less than this remains. */
const GENERATED_DAYS = 365;
const RENEW_WHEN_DAYS_LEFT = 30;
const DAY_MS = 86_400_000;

export interface TlsOptions {
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
  /** Where a generated certificate is kept so it is the same after a restart. */
  dataDir: string;
  now?: () => number;
  interfaces?: Interfaces;
}

/**
 * The admin's certificate if one is configured; otherwise a self-signed one generated once and
 * kept in `<dataDir>/tls/` (key readable by the owner only). Keeping it matters: a phone that
 * accepted the certificate warning once is not asked again after a restart.
 */
export async function loadTlsMaterial(options: TlsOptions): Promise<TlsMaterial> {
  const now = options.now ?? Date.now;
  if (options.tlsCert && options.tlsKey) {
    const [cert, key] = await Promise.all([
      readPem(options.tlsCert, 'PARLEY_TLS_CERT (--tls-cert)'),
      readPem(options.tlsKey, 'PARLEY_TLS_KEY (--tls-key)'),
    ]);
    return describe(cert, key, 'files', options.tlsCert, options.tlsKey);
  }
  const dir = join(options.dataDir, 'tls');
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const stored = await readStored(certPath, keyPath);
  if (stored && stored.validTo.getTime() - now() > RENEW_WHEN_DAYS_LEFT * DAY_MS) return stored;

  const { cert, key } = await generateSelfSigned(now(), options.interfaces);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Write then rename, so a crash never leaves half a key that the next start would trip on.
  await writeFile(`${keyPath}.tmp`, key, { mode: 0o600 });
  await writeFile(`${certPath}.tmp`, cert, { mode: 0o644 });
  await rename(`${keyPath}.tmp`, keyPath);
  await rename(`${certPath}.tmp`, certPath);
  await chmod(keyPath, 0o600);
  return describe(cert, key, 'generated', certPath, keyPath);
}

async function generateSelfSigned(nowMs: number, interfaces?: Interfaces): Promise<{ cert: string; key: string }> {
  const names = certificateNames(interfaces);
  const notBefore = new Date(nowMs - 60_000); // a minute of slack for clocks slightly behind ours
  const pems = await generate([{ name: 'commonName', value: 'Parley (self-signed)' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: new Date(nowMs + GENERATED_DAYS * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...names.dns.map((value) => ({ type: 2 as const, value })), ...names.ips.map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

async function readStored(certPath: string, keyPath: string): Promise<TlsMaterial | null> {
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    return describe(cert, key, 'stored', certPath, keyPath);
  } catch {
    return null; // missing or unreadable: generate a new one
  }
}

async function readPem(path: string, setting: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new TlsSetupError(`${setting}: cannot read "${path}" (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function describe(cert: string, key: string, source: TlsMaterial['source'], certPath: string, keyPath: string): TlsMaterial {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (error) {
    throw new TlsSetupError(`"${certPath}" is not a PEM certificate: ${(error as Error).message}`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new TlsSetupError(`"${keyPath}" is not a PEM private key: ${(error as Error).message}`);
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new TlsSetupError(`"${keyPath}" is not the key of the certificate "${certPath}"`);
  }
  return {
    key,
    cert,
    source,
    fingerprint256: x509.fingerprint256,
    validTo: new Date(x509.validTo),
    selfSigned: x509.issuer === x509.subject && x509.verify(x509.publicKey),
    certPath,
    keyPath,
  };
}
