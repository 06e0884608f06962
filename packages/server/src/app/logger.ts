import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config.js';

/**
 * The server's logger: JSON lines (pino), credentials and session descriptions never written.
 * `destination`: where the lines go (standard output unless given; tests keep them in memory).
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    base: { service: 'parley' },
    // Defence in depth: handlers log ids and codes only, never payloads, credentials or SDP.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.sdp', '*.candidate', '*.credential', '*.password', '*.token'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
