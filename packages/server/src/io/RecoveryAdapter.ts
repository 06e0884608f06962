import { SessionAwareAdapter } from 'socket.io-adapter';

/** How often missed-packet buffers are swept (socket.io's own sweep runs once a minute). */
const SWEEP_INTERVAL_MS = 1_000;

/**
 * How long a packet stays in the missed-packet buffer. A dropped connection that is seen at once
 * (the WebSocket closes, or `alive` goes unanswered for 600 ms) comes back within socket.io's
 * first reconnection attempts (0.5 s, then about 1 s and 2 s); one that comes back later is
 * rejoined in place with its resume token, still within the departure grace, and a signal it
 * missed shows as a gap in `seq`, which the client recovers from. The buffer holds every packet
 * sent to every connection, so its length is memory per connection under load.
 */
export const REPLAY_WINDOW_MS = 4_000;

interface RecoveryBuffers {
  maxDisconnectionDuration: number;
  sessions: Map<string, { disconnectedAt: number }>;
  packets: Array<{ emittedAt: number }>;
}

/**
 * socket.io's in-memory adapter for connection state recovery keeps every packet sent to every
 * connection (an SDP can be 60 KB; with each, the sets naming its receiver) so a reconnecting
 * client can be replayed what it missed, and sweeps that buffer once a minute. This one sweeps
 * every second, keeping packets for the replay window and sessions for the departure grace
 * (`maxDisconnectionDuration`). A client whose last packet was swept gets no replay: its
 * socket.io session is not recovered, and it rejoins with its resume token. It reads the
 * parent's buffers, which its typings mark private (socket.io-adapter 2.5: `sessions`,
 * `packets`, `maxDisconnectionDuration`).
 */
export class RecoveryAdapter extends SessionAwareAdapter {
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(
    nsp: ConstructorParameters<typeof SessionAwareAdapter>[0],
    readonly replayWindowMs = REPLAY_WINDOW_MS,
  ) {
    super(nsp);
    this.#timer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.#timer.unref();
  }

  /** Drops sessions older than the recovery window and packets older than the replay window. */
  sweep(now = Date.now()): void {
    const buffers = this as unknown as RecoveryBuffers;
    const sessionsFrom = now - buffers.maxDisconnectionDuration;
    for (const [id, session] of buffers.sessions) {
      if (session.disconnectedAt < sessionsFrom) buffers.sessions.delete(id);
    }
    // Packets are in emission order: drop the expired prefix.
    const packetsFrom = now - Math.min(this.replayWindowMs, buffers.maxDisconnectionDuration);
    const firstKept = buffers.packets.findIndex((packet) => packet.emittedAt >= packetsFrom);
    buffers.packets.splice(0, firstKept === -1 ? buffers.packets.length : firstKept);
  }

  override close(): void {
    clearInterval(this.#timer);
    void super.close();
  }
}
