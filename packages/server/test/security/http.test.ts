import { request } from 'node:http';
import { connect as tcpConnect, type Socket } from 'node:net';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParleyServer } from '../../src/server.js';
import { sleep, startServer } from '../support/harness.js';

/**
 * Attacks on the HTTP side of the server, as an attacker would make them: raw TCP connections
 * that send a request a byte at a time or sit idle, bare engine.io sessions that never join,
 * and a DNS-rebinding page (its own name as Host and Origin). Each must be cut or refused, and
 * someone else must still reach the server meanwhile.
 */
const servers: ParleyServer[] = [];
const sockets: Socket[] = [];
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  for (const server of servers) await server.close();
});

async function serve(overrides: Parameters<typeof startServer>[0] = {}): Promise<{ server: ParleyServer; port: number }> {
  const server = await startServer(overrides);
  servers.push(server);
  return { server, port: new URL(server.url()).port === '' ? 80 : Number(new URL(server.url()).port) };
}

/** A raw TCP connection to the server, from `localAddress` (any 127.x address is this machine). */
function open(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ port, host: '127.0.0.1', localAddress });
    sockets.push(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with how long the server took to close `socket` (or null if still open after `ms`). */
function closedWithin(socket: Socket, ms: number): Promise<number | null> {
  const started = Date.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
    socket.on('error', () => undefined);
  });
}

/** Sends `text` one byte every `everyMs` while the socket is open (a slow client). */
function trickle(socket: Socket, text: string, everyMs: number): void {
  let index = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || index >= text.length) return clearInterval(timer);
    socket.write(text[index++]!);
  }, everyMs);
}

/** GET `path` with the given headers (Host included), from `localAddress`. */
function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  localAddress = '127.0.0.1',
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, localAddress, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.once('error', reject);
    req.end();
  });
}

describe('HTTP under attack', () => {
  it('cuts a request whose body comes a byte at a time, and one whose headers do', async () => {
    const { port } = await serve({ requestTimeout: 2, headersTimeout: 1 });
    const slowBody = await open(port);
    slowBody.write(
      `POST /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n`,
    );
    trickle(slowBody, 'x'.repeat(100_000), 200);
    const slowHeaders = await open(port);
    trickle(slowHeaders, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: ${'y'.repeat(1_000)}\r\n\r\n`, 200);
    const [body, headers] = await Promise.all([closedWithin(slowBody, 15_000), closedWithin(slowHeaders, 15_000)]);
    // Bound: the timeout plus Node's check interval (1 s) plus slack for a busy machine.
    expect(body, 'a slow body is cut').not.toBeNull();
    expect(body!).toBeLessThan(6_000);
    expect(headers, 'slow headers are cut').not.toBeNull();
    expect(headers!).toBeLessThan(5_000);
  }, 30_000);

  it('closes connections past the per-address cap; another address still gets /healthz and a signaling connection', async () => {
    const { server, port } = await serve({ maxHttpConnectionsPerIp: 20 });
    const held = await Promise.all(Array.from({ length: 40 }, () => open(port)));
    await sleep(500);
    const closed = held.filter((socket) => socket.destroyed || socket.readableEnded).length;
    expect(closed, 'connections past the cap closed').toBeGreaterThanOrEqual(20);
    expect((await get(port, '/healthz', {}, '127.0.0.2')).status).toBe(200);
    const other = io(server.url(), {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      localAddress: '127.0.0.2',
    } as Parameters<typeof io>[1]);
    await new Promise<void>((resolve, reject) => {
      other.once('connect', () => resolve());
      other.once('connect_error', reject);
    });
    other.disconnect();
  }, 30_000);

  it('counts bare engine.io sessions (never joining the namespace) against the per-address limit', async () => {
    const { port } = await serve({ maxConnectionsPerIp: 5 });
    const answers = [];
    for (let i = 0; i < 15; i++) answers.push(await get(port, '/socket.io/?EIO=4&transport=polling', { host: `127.0.0.1:${port}` }));
    const opened = answers.filter((answer) => answer.status === 200 && answer.body.includes('"sid"')).length;
    // Twice the signaling limit (past it, a real client is refused with a reason at the namespace).
    expect(opened).toBe(10);
    // Another address is not affected.
    expect((await get(port, '/socket.io/?EIO=4&transport=polling', { host: `127.0.0.1:${port}` }, '127.0.0.3')).status).toBe(200);
  }, 30_000);

  it('refuses a DNS-rebinding page: an unknown Host gets 421 and no signaling session, even with a matching Origin', async () => {
    const { port } = await serve();
    const rebinding = { host: `evil.example:${port}`, origin: `http://evil.example:${port}` };
    const page = await get(port, '/', rebinding);
    expect(page.status).toBe(421);
    expect(page.body).toContain('PARLEY_ALLOWED_HOSTS');
    expect((await get(port, '/socket.io/?EIO=4&transport=polling', rebinding)).status).not.toBe(200);
    // The server's own names still work.
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      expect((await get(port, '/healthz', { host })).status).toBe(200);
      expect((await get(port, '/socket.io/?EIO=4&transport=polling', { host, origin: `http://${host}` })).status).toBe(200);
    }
  }, 30_000);

  it('the page may connect only to its own server (and nodes), and be framed only by the embedding origins', async () => {
    const { port } = await serve({ allowedOrigins: ['https://intranet.example'] });
    const page = await get(port, '/', { host: `127.0.0.1:${port}` });
    const csp = String(page.headers['content-security-policy']);
    const directive = (name: string) => csp.split('; ').find((part) => part.startsWith(`${name} `)) ?? '';
    expect(directive('connect-src').split(' ')).not.toContain('ws:');
    expect(directive('connect-src').split(' ')).not.toContain('wss:');
    expect(directive('connect-src')).toBe("connect-src 'self'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'self' https://intranet.example");
    // A single node offers no other node to move to: its page, opened at any of its names,
    // never tries an address its policy forbids (its bound 127.0.0.1 from a page at vm.local).
    const nodes = await get(port, '/api/nodes', { host: `127.0.0.1:${port}` });
    expect(JSON.parse(nodes.body)).toEqual({ urls: [] });
  });
});
