import type { DataChannels } from './data/channels.js';
import type { LinkConnectionState } from './IceRestart.js';
import { eventNames } from './SafeEmitter.js';

export interface PeerLinkEvents {
  /** A remote camera or microphone track started (in `remoteStream`). */
  'track-added': (track: MediaStreamTrack) => void;
  'track-removed': (track: MediaStreamTrack) => void;
  /** `reconnecting`: the link was up, lost its path and ICE is being restarted (see IceRestart). */
  'connection-state': (state: LinkConnectionState) => void;
  /** Media stopped arriving on a link that was receiving, before ICE noticed (see InboundFlowWatch). */
  'media-stopped': () => void;
  /** Our camera's video to this person paused (true) because the link is too slow for it, or came back (see VideoBandwidthGuard). */
  'video-paused': (paused: boolean) => void;
  /** A negotiation step failed; the link keeps running. */
  error: (error: unknown) => void;
  closed: () => void;
  /**
   * ICE restarts did not bring the link back (see IceRestartPolicy.rebuildAfterRestarts): its
   * owner replaces it with a new link, whose offer makes the other side rebuild theirs.
   */
  'rebuild-needed': () => void;
  /** The chat and files data channels exist (see `dataChannels`); they open when SCTP is up. */
  'data-channels': (channels: DataChannels) => void;
}

/** Every event name of PeerLinkEvents, checked against it both ways. */
export const peerLinkEventNames = eventNames<PeerLinkEvents>()([
  'track-added',
  'track-removed',
  'connection-state',
  'media-stopped',
  'video-paused',
  'error',
  'closed',
  'rebuild-needed',
  'data-channels',
]);
