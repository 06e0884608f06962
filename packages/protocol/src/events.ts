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
}
