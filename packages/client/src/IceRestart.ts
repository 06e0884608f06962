/**
 * A link's state as people should see it: the browser's RTCPeerConnectionState, plus
 * `reconnecting` once a link that was connected lost its path and is being restored.
 */
export type LinkConnectionState = RTCPeerConnectionState | 'reconnecting';

/**
 * A connection's RTCPeerConnectionState; libwebrtc in Node has only the ICE state, mapped here
 * (webrtc-pc §4.3.3: checking ~ connecting, completed ~ connected).
 */
export function connectionStateOf(pc: RTCPeerConnection): RTCPeerConnectionState {
  if (pc.connectionState) return pc.connectionState;
  switch (pc.iceConnectionState) {
    case 'checking':
      return 'connecting';
    case 'completed':
      return 'connected';
    default:
      return pc.iceConnectionState;
  }
}

export interface IceRestartPolicy {
  /** How long `disconnected` may last before ICE is restarted (it often heals by itself). */
  disconnectedGraceMs: number;
  /**
   * Extra wait for the polite peer: the impolite one restarts first, and its offer usually
   * arrives before this runs out, so only one restart crosses the network (no glare).
   */
  politeDelayMs: number;
  /** Wait after restart number `attempt` (1, 2, …) before trying again if still not connected. */
  retryDelayMs: (attempt: number) => number;
  /**
   * Restarts after which, still not connected, the connection is given up for a new one (when
   * its owner can make one: see IceRestartOptions.rebuild) instead of restarting again.
   */
  rebuildAfterRestarts: number;
}

export const DEFAULT_ICE_RESTART_POLICY: IceRestartPolicy = {
  disconnectedGraceMs: 3_000,
  politeDelayMs: 1_000,
  // 2 s, 3 s, 4.5 s, … up to 10 s: soon after a short outage (a TURN server restarting, a Wi-Fi
  // hand-over), while each attempt gets longer to finish. A restart abandons the one before it, so
  // a fixed short delay on a starved machine (each attempt's offer, answer, TURN allocations and
  // checks taking over 2 s) kept replacing attempts that would have connected.
  retryDelayMs: (attempt) => Math.min(2_000 * 1.5 ** (attempt - 1), 10_000),
  // Three restarts, about 10 s: a lost path that a restart can mend is mended by then. Beyond,
  // the ICE agent itself may be stuck (seen with libwebrtc: the controlling side's nominated
  // pairs all succeeded after a TURN server restart, yet its state stayed `disconnected` through
  // every further restart); a new connection starts from nothing.
  rebuildAfterRestarts: 3,
};

export interface IceRestartOptions {
  /** The polite peer of perfect negotiation (webrtc-pc §10.7) waits `politeDelayMs` longer. */
  polite: boolean;
  /** Restarts ICE: `pc.restartIce()` (webrtc-pc §4.4.1.6), which leads to a new offer with new credentials. */
  restart: () => void;
  /** The presented state may have changed (a restart began, or the link recovered). */
  onChange: () => void;
  /**
   * Replaces the connection with a new one, once `rebuildAfterRestarts` restarts did not bring it
   * back; without it, restarts go on until the connection recovers or closes.
   */
  rebuild?: () => void;
  policy?: Partial<IceRestartPolicy>;
}

/**
 * Decides when to restart ICE on one peer connection, so a call recovers from a lost path
 * (a TURN server restarted, a network switched) without anyone reloading:
 *
 * - `failed`: restart now (the polite peer a moment later, see `politeDelayMs`);
 * - `disconnected` for longer than `disconnectedGraceMs`: restart;
 * - still not `connected` some seconds after a restart: restart again, until it is, or the link
 *   closes; after `rebuildAfterRestarts` of them, a new connection instead (when the owner can make one).
 *
 * Feed it every connection state change with `update()`; it never touches the connection itself.
 */
export class IceRestart {
  readonly #options: IceRestartOptions;
  readonly #policy: IceRestartPolicy;
  #state: RTCPeerConnectionState = 'new';
  #everConnected = false;
  #reconnecting = false;
  #attempts = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Whether the pending timer waits out the disconnected grace (not a retry after a restart). */
  #timerIsGrace = false;
  #disposed = false;

  constructor(options: IceRestartOptions) {
    this.#options = options;
    this.#policy = { ...DEFAULT_ICE_RESTART_POLICY, ...options.policy };
  }

  /** Restarts since the link was last connected. */
  get attempts(): number {
    return this.#attempts;
  }

  /** A restart was made and the link is not connected again yet. */
  get reconnecting(): boolean {
    return this.#reconnecting;
  }

  /**
   * The state to show for a raw connection state: `reconnecting` for a link that was up and is
   * not (restarts of a link that never connected show the browser's state: it is not a *re*connection).
   */
  present(state: RTCPeerConnectionState): LinkConnectionState {
    if (state === 'connected' || state === 'closed') return state;
    return this.#everConnected ? 'reconnecting' : state;
  }

  update(state: RTCPeerConnectionState): void {
    if (this.#disposed) return;
    this.#state = state;
    switch (state) {
      case 'connected':
        this.#everConnected = true;
        this.#clearTimer();
        this.#attempts = 0;
        if (this.#reconnecting) {
          this.#reconnecting = false;
          this.#options.onChange();
        }
        return;
      case 'disconnected':
        if (!this.#timer) this.#schedule(this.#policy.disconnectedGraceMs + this.#politeExtra(), true);
        return;
      case 'failed':
        // A pending retry keeps its time (no restart storm); a grace wait is cut short.
        if (!this.#timer || this.#timerIsGrace) this.#schedule(this.#politeExtra(), false);
        return;
      case 'new':
      case 'connecting':
        // The other side restarted (its offer moved us to checking): our grace wait is moot.
        if (this.#timerIsGrace) this.#clearTimer();
        return;
      case 'closed':
        this.dispose();
        return;
    }
  }

  dispose(): void {
    this.#disposed = true;
    this.#clearTimer();
  }

  #politeExtra(): number {
    return this.#options.polite ? this.#policy.politeDelayMs : 0;
  }

  #schedule(delayMs: number, grace: boolean): void {
    this.#clearTimer();
    this.#timerIsGrace = grace;
    this.#timer = setTimeout(() => this.#fire(), delayMs);
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#timerIsGrace = false;
  }

  #fire(): void {
    this.#timer = null;
    this.#timerIsGrace = false;
    if (this.#disposed || this.#state === 'connected' || this.#state === 'closed') return;
    if (this.#options.rebuild && this.#attempts >= this.#policy.rebuildAfterRestarts) {
      this.dispose();
      this.#options.rebuild();
      return;
    }
    this.#attempts += 1;
    const wasReconnecting = this.#reconnecting;
    this.#reconnecting = true;
    if (!wasReconnecting) this.#options.onChange();
    this.#options.restart();
    this.#schedule(this.#policy.retryDelayMs(this.#attempts), false);
  }
}
