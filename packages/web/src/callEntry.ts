// The call's chunk (see callCode.ts): what a page needs once it joins, and the lobby does not.
export { fetchNodeUrls, PreparedConnection, Room } from '@parley/client';
export { roomEncryption } from './e2ee/roomEncryption.js';
export { Call } from './pages/Call.js';
