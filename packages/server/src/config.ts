/**
 * The server's configuration. Settings are declared once, in config/settings.ts; config/ derives
 * flags, environment variables, defaults, validation, `--help` and the README table from them.
 */
export * from './config/index.js';
