export { createParleyServer, type ParleyServer, type ParleyServerOptions } from './server.js';
export { loadConfig, makeConfig, ConfigError, type Config } from './config.js';
export { settingEntries, serveHelp, doctorHelp, type Setting } from './config.js';
export { MemoryRoomStore } from './rooms/MemoryRoomStore.js';
export { runDoctor, formatReport, hasFailures } from './doctor/runDoctor.js';
export type { CheckResult, CheckStatus, DoctorOptions } from './doctor/types.js';
export { mintTurnCredentials, type TurnCredentials } from './turn/credentials.js';
export type { RoomStore } from './rooms/RoomStore.js';
export type { Participant } from './rooms/Participant.js';
