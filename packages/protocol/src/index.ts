export * from './errors.js';
export * from './messages.js';
export type * from './events.js';
