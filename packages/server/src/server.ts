import type { AddressInfo } from 'node:net';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { Server } from 'socket.io';
import type { Config } from './config.js';
import { registerApi } from './http/api.js';
import { registerMetrics } from './http/metrics.js';
import { Limits } from './limits/Limits.js';
import { ParleyMetrics } from './ops/metrics.js';
import { drain } from './ops/shutdown.js';
import { registerSecurityHeaders } from './http/securityHeaders.js';
import { registerServerInfo } from './http/serverInfo.js';
import { registerWebApp } from './http/webApp.js';
import { MemoryRoomStore } from './rooms/MemoryRoomStore.js';
import type { RoomStore } from './rooms/RoomStore.js';
import { attachSignaling } from './signaling/attachSignaling.js';
import { SignalSequencer } from './signaling/SignalSequencer.js';
import { isAllowedOrigin } from './signaling/origin.js';
import type { ParleyServerIo } from './signaling/types.js';
import { loadTlsMaterial, type TlsMaterial } from './tls/certificate.js';
import { isWildcardHost } from './tls/lan.js';
import { IceServerProvider } from './turn/IceServerProvider.js';

/**
 * Transport frames above this are closed by engine.io before parsing (memory protection).
 * Between MAX_MESSAGE_BYTES (64 KiB) and this, a message is parsed and refused with an error.
 */
const TRANSPORT_MAX_BYTES = 1024 * 1024;
/** A transport that has not joined the signaling namespace by then is closed (default 45 s). */
const CONNECT_TIMEOUT_MS = 10_000;

export interface ParleyServer {
  app: FastifyInstance;
  io: ParleyServerIo;
  store: RoomStore;
  log: Logger;
  /** ICE servers and TURN credentials handed to participants. */
  ice: IceServerProvider;
  /** The certificate in use when serving HTTPS, else null. */
  tls: TlsMaterial | null;
  /** Start listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** The `http(s)://host:port` origin once listening (`localhost` for a wildcard bind). */
  url(): string;
  close(): Promise<void>;
  /** Prometheus metrics (also served at `/metrics`). */
  metrics: ParleyMetrics;
  /**
   * Graceful shutdown: refuse new connections, send `server-shutdown` to every client, let
   * them go, close. Resolves within `shutdownTimeout` seconds (or `timeoutMs`).
   */
  shutdown(options?: { timeoutMs?: number; reconnectInMs?: number }): Promise<void>;
}

export interface ParleyServerOptions {
  store?: RoomStore;
  /** The clock TURN credentials are minted with (tests skew it to mint expired ones). */
  now?: () => number;
}

export async function createParleyServer(config: Config, options: ParleyServerOptions = {}): Promise<ParleyServer> {
  const log = pino({
    level: config.logLevel,
    base: { service: 'parley' },
    // Defence in depth: handlers log ids and codes only, never payloads, credentials or SDP.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.sdp', '*.candidate', '*.credential', '*.password', '*.token'], censor: '[redacted]' },
  });
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  const tls = config.https
    ? await loadTlsMaterial({ tlsCert: config.tlsCert, tlsKey: config.tlsKey, dataDir: config.dataDir })
    : null;
  // Fastify's type follows the server kind; the rest of Parley only uses what HTTP and HTTPS share.
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: !verbose }),
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
  }) as unknown as FastifyInstance;
  const ice = new IceServerProvider(config, options.now);
  const scheme = tls ? 'https' : 'http';
  const store = options.store ?? new MemoryRoomStore();
  let draining = false;
  const metrics = new ParleyMetrics({ store, connections: () => io.of('/').sockets.size });

  registerSecurityHeaders(app);
  registerApi(app, store);
  registerMetrics(app, metrics);
  registerServerInfo(app, { httpsUrl: config.publicUrl?.startsWith('https:') ? config.publicUrl : null });
  await registerWebApp(app, config.webRoot);

  const io: ParleyServerIo = new Server(app.server, {
    serveClient: false,
    maxHttpBufferSize: TRANSPORT_MAX_BYTES,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // A closed tab is detected at once (WebSocket close). A vanished client (crash, network
    // gone) within pingInterval + pingTimeout = 10 s: tighter timeouts disconnect healthy
    // clients whose busy phone or laptop answers a ping late.
    pingInterval: 5_000,
    pingTimeout: 5_000,
    allowRequest: (request, callback) => callback(null, isAllowedOrigin(request.headers, config.allowedOrigins)),
  });
  attachSignaling(
    { io, store, maxParticipants: config.maxParticipants, log, ice, sequencer: new SignalSequencer(), onRelayed: () => metrics.relayed() },
    { limits: new Limits(config, store), metrics, draining: () => draining },
  );

  let port = config.port;
  return {
    app,
    io,
    store,
    log,
    ice,
    tls,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      port = (app.server.address() as AddressInfo).port;
      return port;
    },
    url() {
      const bound = isWildcardHost(config.host) ? 'localhost' : config.host;
      const host = bound.includes(':') ? `[${bound}]` : bound;
      return `${scheme}://${host}:${port}`;
    },
    metrics,
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await app.close();
    },
    async shutdown(shutdownOptions = {}) {
      await drain({
        io,
        log,
        stopAccepting: () => {
          draining = true;
          // No new TCP connections; open ones (WebSockets) stay until drained.
          app.server.close();
        },
        close: async () => {
          await new Promise<void>((resolve) => io.close(() => resolve()));
          await app.close();
        },
        timeoutMs: shutdownOptions.timeoutMs ?? config.shutdownTimeout * 1000,
        ...(shutdownOptions.reconnectInMs !== undefined ? { reconnectInMs: shutdownOptions.reconnectInMs } : {}),
      });
    },
  };
}
