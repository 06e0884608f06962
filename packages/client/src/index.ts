export { Room, type RoomOptions } from './Room.js';
export { roomEventNames, type E2eeState, type RoomEvents } from './RoomEvents.js';
export { RoomEncryption, type E2eeOptions } from './e2ee/RoomEncryption.js';
export { RemoteParticipant } from './RemoteParticipant.js';
export { Moderation } from './Moderation.js';
export { RaisedHands } from './RaisedHands.js';
export { WaitingRoom } from './WaitingRoom.js';
export { BreakoutRooms, shuffleIntoRooms, type BreakoutRoomPlan } from './BreakoutRooms.js';
export { Recording } from './Recording.js';
export { PeerLink, type PeerLinkOptions, type PeerLinkEvents, type OutgoingSignal, type LocalTrackSet } from './PeerLink.js';
export { Signaling, type SignalingState, type SignalingOptions } from './Signaling.js';
export { PreparedConnection, type PreparedConnectionOptions } from './session/PreparedConnection.js';
export { fetchNodeUrls } from './nodeUrls.js';
export { fetchRoomPresence } from './roomPresence.js';
export { eventNames, SafeEmitter, type EventMap, type ListenerArgs } from './SafeEmitter.js';
export { IceRestart, DEFAULT_ICE_RESTART_POLICY, type IceRestartPolicy, type LinkConnectionState } from './IceRestart.js';
export { IceServerRefresh, applyIceServers } from './IceServers.js';
export { TurnErrorReporter, turnProblem } from './IceDiagnostics.js';
export * from './data/index.js';
export { globalWebRtc, type WebRtcImplementation } from './webrtc.js';
export {
  LocalMedia,
  DEFAULT_AUDIO_CONSTRAINTS,
  DEFAULT_VIDEO_CONSTRAINTS,
  type DeviceLists,
  type LocalMediaStartOptions,
  type LocalMediaStartResult,
} from './media/LocalMedia.js';
export type { LocalTracks } from './media/LocalTracks.js';
export type { AudioProcessor } from './media/AudioProcessor.js';
export type { VideoProcessor } from './media/VideoProcessor.js';
export { ScreenShare, SCREEN_SHARE_CONSTRAINTS, type ScreenShareEvents } from './media/ScreenShare.js';
export { StatsSampler, digestStats, quality, type LinkStats, type LinkQuality, type CandidateType, type StatsCounters } from './stats.js';
export { mediaError, type MediaDeviceRole } from './media/mediaErrors.js';
export {
  ParleyError,
  isParleyError,
  ROOM_ID_PATTERN,
  readMeetingCode,
  type ErrorCode,
  type JoinSnapshot,
  type MediaState,
  type ParticipantInfo,
  type RoomStatus,
  type RaisedHand,
  type WaitingPerson,
  type Breakouts,
  type BreakoutAssignment,
  type BreakoutMessage,
  type BreakoutRoom,
  MAX_BREAKOUT_ROOMS,
  type Reaction,
  REACTIONS,
  type RoomPresence,
  type Grant,
  type RecordingSummary,
  type RecordingFile,
} from '@parley/protocol';
