import type { ChatMessage } from './data/ChatLog.js';
import type { RoomFileOptions } from './data/DataHub.js';
import type { LocalTracks } from './media/LocalTracks.js';
import type { E2eeOptions } from './e2ee/RoomEncryption.js';
import type { PreparedConnection } from './session/PreparedConnection.js';
import type { WebRtcImplementation } from './webrtc.js';

/** How a Room joins: where, as whom, with what media, and with which credentials. */
export interface RoomOptions {
  /** Origin of the Parley server, e.g. `location.origin`. */
  serverUrl: string;
  /**
   * Other nodes of the same deployment, tried in turn when `serverUrl` cannot be reached
   * (see `fetchNodeUrls`); the participant keeps its id and calls when it moves.
   */
  serverUrls?: readonly string[];
  roomId: string;
  /** Display name shown to the others. */
  name: string;
  /** Camera and microphone; omit to join receive-only. */
  media?: LocalTracks;
  /** WebRTC classes; defaults to the browser's. In Node pass `@roamhq/wrtc`. */
  webrtc?: WebRtcImplementation;
  /**
   * A signaling connection opened earlier (in a lobby) to `serverUrl`: the join skips its
   * handshakes. Taken by this Room; without it, or once taken, the join opens its own.
   */
  connection?: PreparedConnection;
  /** Milliseconds to wait for the server on join. */
  timeoutMs?: number;
  /** Node only: `false` accepts a self-signed server certificate (the CLI's --insecure). */
  rejectUnauthorized?: boolean;
  /** File transfer settings (storage of incoming files, digest); browsers' defaults need nothing. */
  files?: RoomFileOptions;
  /** The room's password; when this join creates the room, it sets it. */
  password?: string;
  /** An access token from the app embedding Parley (see the README, "Embedding"). */
  token?: string;
  /**
   * A breakout ticket (the `breakout-assignment` event's): enters that breakout room, and later
   * brings its holder back into the main room past its password, lock and waiting room.
   */
  ticket?: string;
  /**
   * What was said earlier in this meeting (a Room's `chat.messages`), shown before anything new:
   * the main room's chat stays whole across a visit to a breakout room.
   */
  chatHistory?: readonly ChatMessage[];
  /** The resume token of this tab's previous page (a reload): that old participant is removed at once. */
  replaces?: string;
  /**
   * End-to-end encryption of media (browsers with RTCRtpScriptTransform: `RoomEncryption.supported`).
   * Without it this participant cannot join a room whose media is end-to-end encrypted
   * (`e2ee-unsupported`), and a room it starts has none.
   */
  e2ee?: E2eeOptions;
}
