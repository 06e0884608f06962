export { startCoturn, TURNSERVER_PATH, type Coturn } from './coturn.js';
export { JanusServer } from './janus.js';
export { freePort } from './ports.js';
export { RedisServer } from './redis.js';
export { waitFor, type WaitOptions } from './waitFor.js';
