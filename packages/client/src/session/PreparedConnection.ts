import { Signaling } from '../Signaling.js';

export interface PreparedConnectionOptions {
  /** Origin of the Parley server, as the Room's `serverUrl`. */
  serverUrl: string;
  /** The other nodes of the deployment, as the Room's `serverUrls`. */
  serverUrls?: readonly string[];
  /** Milliseconds the first connection attempt may take. */
  timeoutMs?: number;
  /** Node only: `false` accepts a self-signed server certificate. */
  rejectUnauthorized?: boolean;
}

/**
 * A signaling connection opened before the join, while the person is still in the lobby: the
 * join then starts with its handshakes done (TCP, TLS, the WebSocket upgrade, engine.io's open
 * and socket.io's connect: several round trips on a real network, before the first offer could
 * leave). One Room takes it (`RoomOptions.connection`); one never taken is closed by its owner.
 * The server knows such a connection only as a socket that has joined no room.
 *
 * @example
 * const connection = new PreparedConnection({ serverUrl: location.origin });
 * // …the person checks their camera, then clicks Join:
 * const room = new Room({ serverUrl: location.origin, connection, roomId, name });
 */
export class PreparedConnection {
  readonly serverUrl: string;
  #signaling: Signaling | null;

  constructor(options: PreparedConnectionOptions) {
    this.serverUrl = options.serverUrl;
    this.#signaling = new Signaling({
      serverUrl: options.serverUrl,
      ...(options.serverUrls ? { fallbackUrls: options.serverUrls } : {}),
      connectTimeoutMs: options.timeoutMs ?? 10_000,
      rejectUnauthorized: options.rejectUnauthorized,
    });
    // A failure here is the join's to report: its own connect() tries again and says why.
    this.#signaling.connect().catch(() => undefined);
  }

  /** Whether the connection is open now (not taken, not closed). */
  get connected(): boolean {
    return this.#signaling?.state === 'connected';
  }

  /** The connection, to the one Room that joins with it; null once taken or closed. */
  take(): Signaling | null {
    const signaling = this.#signaling;
    this.#signaling = null;
    return signaling;
  }

  /** Closes the connection unless a Room took it. */
  close(): void {
    this.take()?.close();
  }
}
