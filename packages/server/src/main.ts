#!/usr/bin/env node
import { ConfigError, loadConfig, serveHelp, wantsHelp } from './config.js';
import { createParleyServer } from './server.js';
import { startupBanner } from './tls/banner.js';
import { TlsSetupError } from './tls/certificate.js';
import { RedisUnavailableError } from './cluster/redisConnection.js';

if (wantsHelp(process.argv.slice(2))) {
  console.log(serveHelp());
  process.exit(0);
}

try {
  const config = loadConfig();
  const server = await createParleyServer(config);
  const port = await server.listen();
  server.log.info(`Parley is running at ${server.url()}`);
  // Plain text for people (every URL, a QR code for phones); the JSON log line above is for machines.
  process.stdout.write(`${startupBanner({ https: config.https, host: config.host, port, tls: server.tls })}\n\n`);
  const shutdown = (signal: string): void => {
    server.log.info({ signal }, 'shutting down');
    // The drain is bounded by itself; this is the backstop if something hangs regardless.
    setTimeout(() => process.exit(1), config.shutdownTimeout * 1000 + 1_000).unref();
    server.shutdown().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  if (error instanceof ConfigError || error instanceof TlsSetupError || error instanceof RedisUnavailableError) {
    console.error(error.message);
    process.exit(2);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    console.error(`Port is already in use. Stop the other program or choose another port: PORT=3001 npm start`);
    process.exit(1);
  }
  throw error;
}
