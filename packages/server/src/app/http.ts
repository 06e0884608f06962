import { createServer as createHttpServer, type RequestListener, type ServerOptions } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { TlsMaterial } from '../tls/certificate.js';

/** How often Node checks open requests against the two timeouts (its default, 30 s, would let a slow request live that much longer). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/**
 * The HTTP(S) server that serves the web app and the API, and carries socket.io. A request must
 * bring its headers within `headersTimeout` and all of itself within `requestTimeout`: without
 * them a client sending a body a byte at a time holds a connection (and a file descriptor)
 * for ever. A WebSocket, once upgraded, is no longer an HTTP request and is not bound by them.
 */
export function createHttpApp(
  config: Pick<Config, 'logLevel' | 'headersTimeout' | 'requestTimeout'>,
  log: Logger,
  tls: TlsMaterial | null,
): FastifyInstance {
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  const requestTimeout = config.requestTimeout * 1000;
  const timeouts: ServerOptions = {
    requestTimeout,
    headersTimeout: Math.min(config.headersTimeout * 1000, requestTimeout),
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
  };
  // Fastify's type follows the server kind; the rest of Parley only uses what HTTP and HTTPS share.
  return Fastify({
    loggerInstance: log,
    logController: new LogController({ disableRequestLogging: !verbose }),
    requestTimeout,
    // Closing ends every connection, busy or kept alive: pages whose signaling was just closed
    // reconnect within a second, and over a kept-alive connection their new handshakes would
    // keep the server from ever finishing its close.
    forceCloseConnections: true,
    serverFactory: (handler: RequestListener) =>
      tls ? createHttpsServer({ ...timeouts, key: tls.key, cert: tls.cert }, handler) : createHttpServer(timeouts, handler),
  }) as unknown as FastifyInstance;
}
