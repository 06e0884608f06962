import type {
  Ack,
  IceConfig,
  JoinRequest,
  JoinSnapshot,
  LeaveRequest,
  ParticipantInfo,
  ParticipantLeft,
  RefreshIceServersRequest,
  Rejected,
  ServerShutdown,
  SignalMessage,
  SignalRequest,
} from './messages.js';

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
  /** Relay an SDP description or ICE candidate to one member of the same room. */
  signal: (request: SignalRequest) => void;
  /** Fresh ICE servers (new TURN credentials) for a participant already in a room. */
  'refresh-ice-servers': (request: RefreshIceServersRequest, ack: (result: Ack<IceConfig>) => void) => void;
}

export interface ServerToClientEvents {
  'participant-joined': (participant: ParticipantInfo) => void;
  'participant-left': (event: ParticipantLeft) => void;
  signal: (message: SignalMessage) => void;
  /** A message without an ack was refused; says which event and why. */
  rejected: (event: Rejected) => void;
  /** The server is shutting down; reconnect (elsewhere) after the delay it gives. */
  'server-shutdown': (notice: ServerShutdown) => void;
}
