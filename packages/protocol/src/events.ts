import type {
  Ack,
  IceConfig,
  JoinRequest,
  JoinSnapshot,
  LeaveRequest,
  MediaStateMessage,
  MediaStateRequest,
  ParticipantInfo,
  ParticipantLeft,
  RefreshIceServersRequest,
  Rejected,
  ServerShutdown,
  SignalMessage,
  SignalRequest,
} from './messages.js';
import type { ModerateRequest, ModerationNotice, RoomStatus } from './moderation.js';
import type { RecordingRequest, RecordingState } from './recording.js';
import type {
  RoomModeEvent,
  SfuAnswer,
  SfuCandidate,
  SfuLayerRequest,
  SfuOffer,
  SfuPublishRequest,
  SfuReadyMessage,
  SfuReadyRequest,
  SfuRestartRequest,
  SfuRestartResult,
} from './sfu.js';

/**
 * socket.io typed event maps: `Server<ClientToServerEvents, ServerToClientEvents>` on the
 * server and `Socket<ServerToClientEvents, ClientToServerEvents>` on the client, so a
 * wrong payload fails to compile on either side.
 */
export interface ClientToServerEvents {
  /** Enter a room; the ack carries the snapshot of who is there. */
  join: (request: JoinRequest, ack: (result: Ack<JoinSnapshot>) => void) => void;
  /** Leave the current room (closing the socket does the same). */
  leave: (request: LeaveRequest, ack: (result: Ack<null>) => void) => void;
  /** Your mic / camera / screen-share state, for the room or (with `to`) one newcomer. */
  'media-state': (request: MediaStateRequest) => void;
  /** Relay an SDP description or ICE candidate to one member of the same room. */
  signal: (request: SignalRequest) => void;
  /** Fresh ICE servers (new TURN credentials) for a participant already in a room. */
  'refresh-ice-servers': (request: RefreshIceServersRequest, ack: (result: Ack<IceConfig>) => void) => void;
  /** A host's request: lock, remove, ask to mute, hand the role on. */
  moderate: (request: ModerateRequest, ack: (result: Ack<null>) => void) => void;
  /** SFU mode: publish camera, mic and screen slots to the SFU; the ack carries its answer. */
  'sfu-publish': (request: SfuPublishRequest, ack: (result: Ack<SfuAnswer>) => void) => void;
  /** SFU mode: an ICE candidate of the publisher or subscriber connection. */
  'sfu-candidate': (request: SfuCandidate) => void;
  /** SFU mode: restart ICE on one connection whose path was lost; the ack carries Janus's answer (publisher). */
  'sfu-restart': (request: SfuRestartRequest, ack: (result: Ack<SfuRestartResult>) => void) => void;
  /** SFU mode: the simulcast layer to receive on one subscribed video. */
  'sfu-layer': (request: SfuLayerRequest) => void;
  /** SFU mode: tell `to` that its media now reaches you through the SFU (it stops its mesh media to you). */
  'sfu-ready': (request: SfuReadyRequest) => void;
  /** SFU mode, host only: start or stop the server-side recording; the ack says the new state. */
  recording: (request: RecordingRequest, ack: (result: Ack<RecordingState>) => void) => void;
}

export interface ServerToClientEvents {
  'participant-joined': (participant: ParticipantInfo) => void;
  'participant-left': (event: ParticipantLeft) => void;
  signal: (message: SignalMessage) => void;
  /** Someone's mic / camera / screen-share state changed (or was announced to you on join). */
  'media-state': (message: MediaStateMessage) => void;
  /** A message without an ack was refused; says which event and why. */
  rejected: (event: Rejected) => void;
  /** Host, lock or password changed (to everyone in the room). */
  'room-status': (state: RoomStatus) => void;
  /** A fresh resume token for this session (the room's host or lock changed; see `JoinSnapshot.resumeToken`). */
  session: (update: { resumeToken: string }) => void;
  /** To one participant: removed by the host, or asked to mute. */
  moderation: (notice: ModerationNotice) => void;
  /** The server is shutting down; reconnect (elsewhere) after the delay it gives. */
  'server-shutdown': (notice: ServerShutdown) => void;
  /** The room moved its media to the SFU (or back to mesh). */
  'room-mode': (event: RoomModeEvent) => void;
  /** SFU mode: a new offer for your subscriber connection; answer in the ack. */
  'sfu-offer': (offer: SfuOffer, ack: (answer: SfuAnswer) => void) => void;
  /** SFU mode: an ICE candidate of the SFU for one of your connections. */
  'sfu-candidate': (candidate: SfuCandidate) => void;
  /** SFU mode: `from` now receives you through the SFU. */
  'sfu-ready': (message: SfuReadyMessage) => void;
  /** The room is (or is no longer) being recorded; also sent to each newcomer while it is. */
  'recording-state': (state: RecordingState) => void;
}
