import type { IceCandidate } from '@parley/protocol';
import type { LinkConnectionState } from '../IceRestart.js';

/**
 * What every owner of an RTCPeerConnection exposes: a mesh link (PeerLink), the SFU publisher
 * and the SFU subscriber, in the spirit of mediasoup-client's HandlerInterface. The Room drives
 * them alike for what they share (the connection itself, its recovery, candidates, closing);
 * only their negotiation differs (perfect negotiation with a peer, webrtc-pc §10.7; offers to or
 * from Janus through the server).
 */
export interface PeerHandler {
  readonly pc: RTCPeerConnection;
  /** What people should see: `reconnecting` while a lost path is being restored (see ConnectionRecovery). */
  readonly connectionState: LinkConnectionState;
  /** The other side's ICE candidate, held until the remote description is set (webrtc-pc §4.4.1.6). */
  addRemoteCandidate(candidate: IceCandidate | null): Promise<void>;
  /** An ICE restart now (RFC 8445 §9); the connection's recovery also does it by itself. */
  restartIce(): void;
  close(): void;
}
