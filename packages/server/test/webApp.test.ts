import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyServer } from '../src/server.js';
import { startServer } from './support/harness.js';

const SCRIPT = `export const greeting = ${JSON.stringify('hello '.repeat(500))};\n`;

let server: ParleyServer;

beforeAll(async () => {
  const webRoot = mkdtempSync(join(tmpdir(), 'parley-web-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Parley</title><div id="root"></div>');
  // A build's hashed asset with the copies the build writes beside it (packages/web/build/precompress.ts).
  mkdirSync(join(webRoot, 'assets'), { recursive: true });
  writeFileSync(join(webRoot, 'assets', 'app-3f2a.js'), SCRIPT);
  writeFileSync(join(webRoot, 'assets', 'app-3f2a.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(webRoot, 'assets', 'app-3f2a.js.gz'), gzipSync(SCRIPT));
  // One without copies (too small to be worth it).
  writeFileSync(join(webRoot, 'assets', 'tiny-9c1d.js'), 'export {};\n');
  server = await startServer({ webRoot });
});
afterAll(async () => {
  await server?.close();
});

/** The bytes as sent (fetch would decode them), with the response's headers. */
function fetchAsset(path: string, acceptEncoding: string) {
  return new Promise<{ response: { status: number; headers: Map<string, string> }; body: Buffer }>((resolve, reject) => {
    get(new URL(path, server.url()), { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers = new Map(Object.entries(res.headers).map(([name, value]) => [name, String(value)]));
        resolve({ response: { status: res.statusCode ?? 0, headers }, body: Buffer.concat(chunks) });
      });
    }).on('error', reject);
  });
}

describe('the web app’s files', () => {
  it('go out as Brotli to a browser that takes it, as gzip to one that takes only that, and as they are otherwise', async () => {
    const brotli = await fetchAsset('/assets/app-3f2a.js', 'gzip, deflate, br');
    expect(brotli.response.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(brotli.body).toString()).toBe(SCRIPT);
    expect(brotli.body.length).toBeLessThan(SCRIPT.length / 10);

    const gzip = await fetchAsset('/assets/app-3f2a.js', 'gzip');
    expect(gzip.response.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(SCRIPT);

    const plain = await fetchAsset('/assets/app-3f2a.js', 'identity');
    expect(plain.response.headers.get('content-encoding')).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);

    for (const { response } of [brotli, gzip, plain]) {
      // Still a script (the type of the file, not of its copy), and a cache keyed by the encoding.
      expect(response.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
      expect(response.headers.get('vary')?.toLowerCase()).toContain('accept-encoding');
      // A hashed name never changes content: kept a year (RFC 9111 §5.2.2.1, RFC 8246).
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
  });

  it('a file the build wrote no copies of goes out as it is, whatever the browser takes', async () => {
    const { response, body } = await fetchAsset('/assets/tiny-9c1d.js', 'br, gzip');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBeUndefined();
    expect(body.toString()).toBe('export {};\n');
  });

  it('the page itself is always revalidated, so a new build’s asset names reach the browser', async () => {
    const { response, body } = await fetchAsset('/r/weekly-sync', 'br, gzip');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(body.toString()).toContain('<div id="root">');
  });
});
