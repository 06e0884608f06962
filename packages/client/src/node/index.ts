// Node-only helpers of the SDK (`@parley/client/node`): kept out of the main entry so that a
// browser bundle never pulls in node:fs or a native module.
export { DiskStorage, PARTIAL_DIR, NODE_DISK_STORAGE_LIMIT, type DiskStorageOptions } from './DiskStorage.js';
export { readPartialRecord } from './partialRecord.js';
export { uniqueNames } from './uniqueNames.js';
export { openFileForSending, FileOpenError } from './files.js';
export { loadNodeWebRtc, type NodeWebRtc, type NodeMediaClasses, type MediaSink, type I420Frame, type PcmFrame } from './webrtc.js';
