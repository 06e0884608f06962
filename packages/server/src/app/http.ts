import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { TlsMaterial } from '../tls/certificate.js';

/** The HTTP(S) server that serves the web app and the API, and carries socket.io. */
export function createHttpApp(config: Pick<Config, 'logLevel'>, log: Logger, tls: TlsMaterial | null): FastifyInstance {
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  // Fastify's type follows the server kind; the rest of Parley only uses what HTTP and HTTPS share.
  return Fastify({
    loggerInstance: log,
    logController: new LogController({ disableRequestLogging: !verbose }),
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
  }) as unknown as FastifyInstance;
}
