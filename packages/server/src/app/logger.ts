import { pino, type Logger } from 'pino';
import type { Config } from '../config.js';

/** The server's logger: JSON lines (pino), credentials and session descriptions never written. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'parley' },
    // Defence in depth: handlers log ids and codes only, never payloads, credentials or SDP.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.sdp', '*.candidate', '*.credential', '*.password', '*.token'],
      censor: '[redacted]',
    },
  });
}
