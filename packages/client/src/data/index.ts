// The public API of chat and file transfer (re-exported by the package index).
export { Chat, type ChatEvents, type ChatPeer } from './Chat.js';
export { ChatLog, type ChatMessage } from './ChatLog.js';
export {
  FileTransfers,
  MAX_FRAME_BYTES,
  type FileTransferEvents,
  type FileTransfersOptions,
  type FilePeer,
} from './transfers/FileTransfers.js';
export { Transfer, RateMeter, type TransferState, type TransferProblem } from './Transfer.js';
export { sanitizeFileName, sanitizeMimeType, MAX_FILE_NAME_BYTES } from './sanitize.js';
export { MemoryStorage, MEMORY_STORAGE_LIMIT, type IncomingStorage, type FileSink, type PartialRecord } from './storage.js';
export { DISK_STORAGE_LIMIT } from './opfs.js';
export { createDataChannels, type DataChannels } from './channels.js';
export { encodeFrame, decodeFrame, type DataFrame } from './framing.js';
export type { RoomFileOptions } from './DataHub.js';
export { MAX_CHAT_CHARS, CHAT_HISTORY_LIMIT } from '@parley/protocol';
