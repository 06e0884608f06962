export * from './errors.js';
export * from './messages.js';
export * from './data.js';
export * from './moderation.js';
export type * from './events.js';
export * from './nodes.js';
export * from './sfu.js';
export * from './recording.js';
