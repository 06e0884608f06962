import { SessionAwareAdapter } from 'socket.io-adapter';

/** How often missed-packet buffers are swept (socket.io's own sweep runs once a minute). */
const SWEEP_INTERVAL_MS = 1_000;

interface RecoveryBuffers {
  maxDisconnectionDuration: number;
  sessions: Map<string, { disconnectedAt: number }>;
  packets: Array<{ emittedAt: number }>;
}

/**
 * socket.io's in-memory adapter for connection state recovery keeps every relayed packet (an
 * SDP can be 60 KB) so a reconnecting client can be replayed what it missed, but sweeps that
 * buffer only once a minute, whatever `maxDisconnectionDuration` is: a busy or flooding room
 * could park a minute of traffic in memory. This one sweeps every second, so nothing outlives
 * the recovery window by more than a second. It reads the parent's buffers, which its typings
 * mark private (socket.io-adapter 2.5: `sessions`, `packets`, `maxDisconnectionDuration`).
 */
export class RecoveryAdapter extends SessionAwareAdapter {
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(nsp: ConstructorParameters<typeof SessionAwareAdapter>[0]) {
    super(nsp);
    this.#timer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.#timer.unref();
  }

  /** Drops sessions and packets older than the recovery window. */
  sweep(now = Date.now()): void {
    const buffers = this as unknown as RecoveryBuffers;
    const threshold = now - buffers.maxDisconnectionDuration;
    for (const [id, session] of buffers.sessions) {
      if (session.disconnectedAt < threshold) buffers.sessions.delete(id);
    }
    // Packets are in emission order: drop the expired prefix.
    const firstKept = buffers.packets.findIndex((packet) => packet.emittedAt >= threshold);
    buffers.packets.splice(0, firstKept === -1 ? buffers.packets.length : firstKept);
  }

  override close(): void {
    clearInterval(this.#timer);
    void super.close();
  }
}
