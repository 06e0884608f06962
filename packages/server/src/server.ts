import type { AddressInfo } from 'node:net';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { Server } from 'socket.io';
import type { Config } from './config.js';
import { registerApi } from './http/api.js';
import { registerSecurityHeaders } from './http/securityHeaders.js';
import { registerWebApp } from './http/webApp.js';
import { MemoryRoomStore } from './rooms/MemoryRoomStore.js';
import type { RoomStore } from './rooms/RoomStore.js';
import { attachSignaling } from './signaling/attachSignaling.js';
import { isAllowedOrigin } from './signaling/origin.js';
import type { ParleyServerIo } from './signaling/types.js';

/**
 * Transport frames above this are closed by engine.io before parsing (memory protection).
 * Between MAX_MESSAGE_BYTES (64 KiB) and this, a message is parsed and refused with an error.
 */
const TRANSPORT_MAX_BYTES = 1024 * 1024;

export interface ParleyServer {
  app: FastifyInstance;
  io: ParleyServerIo;
  store: RoomStore;
  log: Logger;
  /** Start listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** The `http://host:port` origin once listening. */
  url(): string;
  close(): Promise<void>;
}

export async function createParleyServer(config: Config, options: { store?: RoomStore } = {}): Promise<ParleyServer> {
  const log = pino({ level: config.logLevel, base: { service: 'parley' } });
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  const app: FastifyInstance = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: !verbose }),
  });
  const store = options.store ?? new MemoryRoomStore();

  registerSecurityHeaders(app);
  registerApi(app, store);
  await registerWebApp(app, config.webRoot);

  const io: ParleyServerIo = new Server(app.server, {
    serveClient: false,
    maxHttpBufferSize: TRANSPORT_MAX_BYTES,
    // A closed tab is detected at once (WebSocket close). A vanished client (crash, network
    // gone) within pingInterval + pingTimeout = 10 s: tighter timeouts disconnect healthy
    // clients whose busy phone or laptop answers a ping late.
    pingInterval: 5_000,
    pingTimeout: 5_000,
    allowRequest: (request, callback) => callback(null, isAllowedOrigin(request.headers, config.allowedOrigins)),
  });
  attachSignaling({ io, store, maxParticipants: config.maxParticipants, log });

  let port = config.port;
  return {
    app,
    io,
    store,
    log,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      port = (app.server.address() as AddressInfo).port;
      return port;
    },
    url() {
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      return `http://${host}:${port}`;
    },
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await app.close();
    },
  };
}
