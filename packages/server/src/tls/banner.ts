import qrcode from 'qrcode-terminal';
import type { TlsMaterial } from './certificate.js';
import { reachableUrls, type Interfaces } from './lan.js';

export interface BannerInput {
  https: boolean;
  host: string;
  port: number;
  tls: TlsMaterial | null;
  /** Defaults to this machine's interfaces. */
  interfaces?: Interfaces;
  /** Draw a QR code of the first network URL (for a phone on the same Wi-Fi). */
  qr?: boolean;
}

/**
 * What `npm start` prints: every URL that reaches this server (localhost and each LAN address),
 * for HTTPS the certificate in use, and a QR code a phone camera can open.
 */
export function startupBanner(input: BannerInput): string {
  const scheme = input.https ? 'https' : 'http';
  const urls = reachableUrls(scheme, input.host, input.port, input.interfaces);
  const lines: string[] = [''];
  lines.push(`Parley is running${input.https ? ' over HTTPS' : ''}.`);
  if (urls.local) lines.push(`  On this machine:  ${urls.local}`);
  for (const url of urls.lan) lines.push(`  On your network:  ${url}`);
  if (urls.lan.length === 0 && !urls.local) lines.push(`  At: ${scheme}://${input.host}:${input.port}`);
  if (!input.https && urls.lan.length > 0) {
    lines.push('', 'Other devices can open this page, but browsers allow the camera only on https:// or localhost:');
    lines.push('start with `npm start -- --https` to join from a phone.');
  }
  if (input.tls) {
    const kind = input.tls.source === 'files' ? `certificate ${input.tls.certPath}` : `self-signed certificate ${input.tls.certPath}`;
    lines.push(
      '',
      `TLS: ${kind}${input.tls.source === 'generated' ? ' (new)' : ''}, valid until ${input.tls.validTo.toISOString().slice(0, 10)}`,
    );
    lines.push(`     SHA-256 ${input.tls.fingerprint256}`);
    if (input.tls.selfSigned) {
      lines.push('Browsers warn about a self-signed certificate once per device: check the fingerprint, then choose');
      lines.push('"Advanced" → "Proceed" (Chrome) or "Show Details" → "visit this website" (Safari).');
    }
  }
  if (input.https && input.qr !== false && urls.lan[0]) {
    lines.push('', `Scan to open ${urls.lan[0]} on a phone on the same Wi-Fi:`, qrCode(urls.lan[0]));
  }
  if (!input.https && urls.local && urls.lan.length === 0) {
    lines.push('Reachable from this machine only; start with --https (or HOST=0.0.0.0) to accept other devices.');
  }
  return lines.join('\n');
}

/** A QR code drawn with half-block characters (two modules per line): fits an 80-column terminal. */
export function qrCode(text: string): string {
  let drawn = '';
  qrcode.generate(text, { small: true }, (output) => {
    drawn = output;
  });
  return drawn;
}
