export { createParleyServer, type ParleyServer } from './server.js';
export { loadConfig, makeConfig, ConfigError, type Config } from './config.js';
export { MemoryRoomStore } from './rooms/MemoryRoomStore.js';
export type { RoomStore } from './rooms/RoomStore.js';
export type { Participant } from './rooms/Participant.js';
