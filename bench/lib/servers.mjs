import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';
import { PeerServer } from 'peer';
import { BENCH_DIR, ROOT_DIR } from './stats.mjs';

/** The real Parley server (HTTP + signaling + built web app) on a free port of 127.0.0.1. */
export async function startParley({
  rootDir = ROOT_DIR,
  webRoot = join(rootDir, 'packages/web/dist'),
  allowedOrigins = [],
  e2ee = true,
  config = {},
} = {}) {
  const dist = join(rootDir, 'packages/server/dist/index.js');
  if (!existsSync(dist) || !existsSync(join(webRoot, 'index.html'))) {
    throw new Error('Parley is not built: run `npm run build` at the repository root (npm run bench does it).');
  }
  const { createParleyServer, makeConfig } = await import(pathToFileURL(dist).href);
  const server = await createParleyServer(
    makeConfig({ port: 0, host: '127.0.0.1', logLevel: 'warn', webRoot, maxParticipants: 6, allowedOrigins, e2ee, ...config }),
  );
  await server.listen();
  return { url: server.url(), close: () => server.close(), io: server.io };
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8' };

/**
 * The comparison pages (bare pair, PeerJS) and PeerJS's own browser build, plus the minimal
 * WebSocket relay the bare pair signals over: every text message goes to the other sockets of
 * the same `?room=`, nothing else (no ids, no validation, no acks: the floor for signaling).
 */
export async function startPageServer({ host = '127.0.0.1', port = 0 } = {}) {
  const files = {
    '/peerjs.min.js': join(BENCH_DIR, 'node_modules/peerjs/dist/peerjs.min.js'),
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const safe = normalize(path).replace(/^(\.\.[/\\])+/, '');
    // /sdk/…: the SDK-only page (lib/sdkPage.mjs builds it); the rest: bench/pages.
    const file =
      files[path] ??
      (safe.startsWith('/sdk/') ? join(BENCH_DIR, 'sdk-page/dist', safe.slice(5) || 'index.html') : join(BENCH_DIR, 'pages', safe));
    if (!file.startsWith(BENCH_DIR) || !existsSync(file) || path === '/') {
      res.writeHead(404).end('not found');
      return;
    }
    const ext = file.slice(file.lastIndexOf('.'));
    res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  const rooms = new Map();
  const wss = new WebSocketServer({ server, path: '/relay' });
  wss.on('connection', (socket, req) => {
    const room = new URL(req.url, 'http://x').searchParams.get('room') ?? '';
    if (!rooms.has(room)) rooms.set(room, new Set());
    const members = rooms.get(room);
    members.add(socket);
    socket.on('message', (data, isBinary) => {
      for (const other of members) if (other !== socket && other.readyState === 1) other.send(data, { binary: isBinary });
    });
    socket.on('close', () => {
      members.delete(socket);
      if (members.size === 0) rooms.delete(room);
    });
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  return {
    // 127.0.0.1 is a secure context (W3C secure-contexts §3.2), so getUserMedia works on plain http;
    // another address needs Chromium's --unsafely-treat-insecure-origin-as-secure.
    url: `http://${host}:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

/** The PeerJS server (`peer` package), in this process, on a free port of 127.0.0.1. */
export async function startPeerServer() {
  let httpServer;
  await new Promise((resolve) => {
    PeerServer({ port: 0, host: '127.0.0.1', path: '/' }, (server) => {
      httpServer = server;
      resolve();
    });
  });
  const { port } = httpServer.address();
  return {
    host: '127.0.0.1',
    port,
    close: () =>
      new Promise((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections?.();
      }),
  };
}

/**
 * Starts the named servers ('parley', 'pages', 'peer') in one child Node process.
 *
 * `spawnIn` starts that process another way (a network lab's `spawn` in its public namespace,
 * bound to `(command, args, options)`); `env` adds variables, e.g. BENCH_PAGES_HOST and
 * BENCH_PAGES_PORT, where the page server listens (default 127.0.0.1, a free port).
 *
 * @param {string[]} names
 * @param {{ spawnIn?: (command: string, args: string[], options: object) => import('node:child_process').ChildProcess, env?: Record<string, string> }} [options]
 * @returns {Promise<{ parley?: string, pages?: string, peer?: {host:string,port:number}, pid: number, close(): Promise<void> }>}
 */
export async function startServers(names, { spawnIn = null, env = {} } = {}) {
  const { fork } = await import('node:child_process');
  const script = fileURLToPath(new URL('./server-process.mjs', import.meta.url));
  const options = { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } };
  const child = spawnIn
    ? spawnIn(process.execPath, ['--no-deprecation', script, ...names], options)
    : fork(script, names, { ...options, execArgv: ['--no-deprecation'] });
  const reply = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
  });
  if (!reply.ok) throw new Error(reply.error);
  // The servers stand in for a server on its own machine: on this 2-core box they would
  // otherwise queue for CPU behind the browsers, and every signaling hop would pay for it.
  // Raising their priority (root only; skipped otherwise) treats every system alike.
  try {
    const { setPriority } = await import('node:os');
    setPriority(child.pid, -10);
  } catch {
    // not permitted: measured at normal priority
  }
  let pending = null;
  child.on('message', (m) => {
    if (m?.events && pending) {
      pending(m.events);
      pending = null;
    }
  });
  return {
    ...reply.info,
    pid: child.pid,
    /** Server-side signaling events since the last call (Parley only): [{ t, dir, event, kind }]. */
    takeEvents: () =>
      new Promise((resolve) => {
        pending = resolve;
        child.send('events');
      }),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 4000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send('stop');
      }),
  };
}
