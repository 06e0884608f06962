import { IceRestart, connectionStateOf, type IceRestartPolicy, type LinkConnectionState } from '../IceRestart.js';

/**
 * How often the connection's state is read again while it lags its ICE state: every 100 ms for
 * the first 10 s, then once a second for as long as it lags.
 */
const LOOK_AGAIN_MS = 100;
const MAX_LOOKS = 100;
const SLOW_LOOK_MS = 1_000;

/** What the owner of a connection hears about its recovery. */
export interface ConnectionRecoveryHooks {
  /** The presented state changed (a restart began, or the connection recovered). */
  onChange: (state: LinkConnectionState) => void;
  /** A restart was refused or failed (the policy tries again later unless the owner gives up). */
  onFailed: (error: unknown) => void;
  /** Restarts did not bring the connection back: the owner replaces it (see IceRestartOptions.rebuild). */
  onRebuild?: () => void;
  policy?: Partial<IceRestartPolicy>;
}

export interface ConnectionRecoveryOptions extends ConnectionRecoveryHooks {
  /**
   * The polite side of a mesh link restarts a little later, so both ends of a lost path do not
   * offer at once. An SFU connection is never polite: Janus never restarts ICE by itself.
   */
  polite: boolean;
  /** The connection's own state changed, before what people see is worked out from it. */
  onRawState?: (state: RTCPeerConnectionState) => void;
}

/**
 * Keeps one connection (a mesh link, the SFU publisher or subscriber) alive across a lost network
 * path with one policy (IceRestart: at once on `failed`, after a grace on `disconnected`, retried
 * until connected), and presents its state: `reconnecting` while a lost path is being restored.
 * One restart at a time: a retry that comes while one is still on its way is skipped.
 */
export class ConnectionRecovery {
  readonly #pc: RTCPeerConnection;
  readonly #policy: IceRestart;
  readonly #restart: () => Promise<void> | void;
  readonly #options: ConnectionRecoveryOptions;
  #restarting = false;
  #disposed = false;
  #shown: LinkConnectionState = 'new';
  #lookAgain: ReturnType<typeof setTimeout> | null = null;
  #looksLeft = MAX_LOOKS;

  /** `restart`: one ICE restart of `pc` (webrtc-pc §4.4.1.6); may reject when it could not be made. */
  constructor(pc: RTCPeerConnection, restart: () => Promise<void> | void, options: ConnectionRecoveryOptions) {
    this.#pc = pc;
    this.#restart = restart;
    this.#options = options;
    this.#policy = new IceRestart({
      polite: options.polite,
      restart: () => this.restart(),
      onChange: () => this.#show(),
      ...(options.onRebuild ? { rebuild: options.onRebuild } : {}),
      ...(options.policy ? { policy: options.policy } : {}),
    });
    let lastRaw = connectionStateOf(pc);
    // Both events: libwebrtc in Node reports ICE states only.
    const update = () => {
      if (this.#disposed) return;
      this.#clearLookAgain();
      const raw = connectionStateOf(pc);
      lastRaw = raw;
      options.onRawState?.(raw);
      this.#policy.update(raw);
      this.#show();
      // The connection's state follows its ICE state (webrtc-pc §4.3.3), and may do so after the
      // ICE event or with no event of its own (seen with libwebrtc in Node after an ICE restart
      // on a busy machine: ICE and the connection both connected, no connectionstatechange): look
      // again while ICE is up and the connection lags, so a connection that is up is never left
      // shown as down (a unit run beside two CPU burners ended with a connection connected and
      // still shown reconnecting 20 s after its path came back, when the looks stopped at 10 s).
      const iceUp = pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed';
      const lagging = raw === 'new' || raw === 'connecting' || raw === 'disconnected';
      if (iceUp && lagging) {
        this.#lookAgain = setTimeout(update, this.#looksLeft > 0 ? LOOK_AGAIN_MS : SLOW_LOOK_MS);
        this.#looksLeft = Math.max(0, this.#looksLeft - 1);
      } else {
        if (!lagging) this.#looksLeft = MAX_LOOKS;
        if (this.#shown === 'reconnecting') this.#lookAgain = setTimeout(watchWhileReconnecting, SLOW_LOOK_MS);
      }
    };
    // While shown as reconnecting, a look once a second whatever the events say: libwebrtc in
    // Node once left a link shown reconnecting 20 s with ICE and the connection both connected
    // again, its last event having come while ICE was still checking (unit run beside two CPU
    // burners). Only a change is news: the policy hears each state once.
    const watchWhileReconnecting = () => {
      if (this.#disposed) return;
      if (connectionStateOf(pc) !== lastRaw || pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed') update();
      else this.#lookAgain = setTimeout(watchWhileReconnecting, SLOW_LOOK_MS);
    };
    pc.onconnectionstatechange = update;
    pc.oniceconnectionstatechange = update;
  }

  /** What people should see: `reconnecting` while a lost path is being restored. */
  get state(): LinkConnectionState {
    return this.#policy.present(connectionStateOf(this.#pc));
  }

  /** ICE restarts since the connection was last connected. */
  get attempts(): number {
    return this.#policy.attempts;
  }

  /** Restarts ICE now, unless a restart is already on its way. */
  restart(): void {
    if (this.#restarting) return;
    this.#restarting = true;
    let running: Promise<void>;
    try {
      running = Promise.resolve(this.#restart());
    } catch (error) {
      running = Promise.reject(error);
    }
    running
      .catch((error: unknown) => this.#options.onFailed(error))
      .finally(() => {
        this.#restarting = false;
      });
  }

  dispose(): void {
    this.#disposed = true;
    this.#pc.onconnectionstatechange = null;
    this.#pc.oniceconnectionstatechange = null;
    this.#clearLookAgain();
    this.#policy.dispose();
  }

  #clearLookAgain(): void {
    if (this.#lookAgain) clearTimeout(this.#lookAgain);
    this.#lookAgain = null;
  }

  #show(): void {
    const state = this.state;
    if (state === this.#shown) return;
    this.#shown = state;
    this.#options.onChange(state);
  }
}
