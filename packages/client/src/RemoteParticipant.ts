import type { LinkConnectionState } from './IceRestart.js';
import type { PeerLink } from './PeerLink.js';

/** Another person in the room, as this client sees them. */
export class RemoteParticipant {
  readonly id: string;
  readonly name: string;
  readonly link: PeerLink;

  constructor(id: string, name: string, link: PeerLink) {
    this.id = id;
    this.name = name;
    this.link = link;
  }

  /** Their camera and microphone (and later screen share) tracks. */
  get stream(): MediaStream {
    return this.link.remoteStream;
  }

  /** `reconnecting` while a lost path is being restored (ICE restart). */
  get connectionState(): LinkConnectionState {
    return this.link.connectionState;
  }
}
