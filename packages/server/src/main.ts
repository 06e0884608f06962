#!/usr/bin/env node
import { ConfigError, loadConfig } from './config.js';
import { createParleyServer } from './server.js';

try {
  const config = loadConfig();
  const server = await createParleyServer(config);
  await server.listen();
  server.log.info(`Parley is running at ${server.url()}`);
  if (config.host === 'localhost' || config.host === '127.0.0.1') {
    server.log.info('Reachable from this machine only; set HOST=0.0.0.0 to accept other devices.');
  }
  const shutdown = (signal: string): void => {
    server.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  if (error instanceof ConfigError) {
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
