import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParleyServer, makeConfig, type ParleyServer } from '@parley/server';
import { EXIT } from '../src/errors.js';
import { runParley } from './support.js';

let server: ParleyServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parley-cli-tls-'));
  // As `parley serve --https` on a LAN: a self-signed certificate generated into the data folder.
  server = await createParleyServer(makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', https: true, dataDir }));
  await server.listen();
}, 60_000);
afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a Parley on https:// with a self-signed certificate', () => {
  it('is refused with an explanation that names --insecure, and joined with it', async () => {
    const link = `${server.url()}/r/tls-room`;
    expect(link).toMatch(/^https:\/\//);
    const refused = await runParley(['bot', link, '--duration', '1', '--video', 'none', '--audio', 'none']);
    expect(refused.code).toBe(EXIT.room);
    expect(refused.stderr).toMatch(/certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted .* add --insecure/s);

    const joined = await runParley(['bot', link, '--duration', '1', '--video', 'none', '--audio', 'none', '--insecure']);
    expect(joined.code, joined.stderr).toBe(0);
    expect(joined.stdout).toMatch(/In room tls-room as Parley bot/);
  });
});
