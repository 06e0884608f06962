import { IceRestart, connectionStateOf, type IceRestartPolicy, type LinkConnectionState } from '../IceRestart.js';

/** What the owner of an SFU connection hears about its recovery. */
export interface SfuRecoveryHooks {
  /** The presented state changed (a restart began, or the connection recovered). */
  onChange: (state: LinkConnectionState) => void;
  /** A restart was refused or failed (the policy tries again later unless the owner gives up). */
  onFailed: (error: unknown) => void;
  policy?: Partial<IceRestartPolicy>;
}

/**
 * Keeps one SFU connection (publisher or subscriber) alive across a lost network path, with the
 * same policy as mesh links (IceRestart: at once on `failed`, after a grace on `disconnected`,
 * retried until connected). Janus never restarts ICE by itself, so the client always leads: not
 * polite. One restart at a time: a retry that comes while one is still on its way is skipped.
 */
export class SfuIceRecovery {
  readonly #pc: RTCPeerConnection;
  readonly #policy: IceRestart;
  #restarting = false;
  #shown: LinkConnectionState = 'new';

  /** `restart`: one ICE restart of `pc` through the server and Janus; rejects when it could not be made. */
  constructor(pc: RTCPeerConnection, restart: () => Promise<void>, options: SfuRecoveryHooks) {
    this.#pc = pc;
    this.#policy = new IceRestart({
      polite: false,
      restart: () => {
        if (this.#restarting) return;
        this.#restarting = true;
        restart()
          .catch((error: unknown) => options.onFailed(error))
          .finally(() => {
            this.#restarting = false;
          });
      },
      onChange: () => this.#show(options.onChange),
      ...(options.policy ? { policy: options.policy } : {}),
    });
    // Both events: libwebrtc in Node reports ICE states only.
    const update = () => {
      this.#policy.update(connectionStateOf(pc));
      this.#show(options.onChange);
    };
    pc.onconnectionstatechange = update;
    pc.oniceconnectionstatechange = update;
  }

  #show(onChange: (state: LinkConnectionState) => void): void {
    const state = this.state;
    if (state === this.#shown) return;
    this.#shown = state;
    onChange(state);
  }

  /** What people should see: `reconnecting` while a lost path is being restored. */
  get state(): LinkConnectionState {
    return this.#policy.present(connectionStateOf(this.#pc));
  }

  /** ICE restarts since the connection was last connected. */
  get attempts(): number {
    return this.#policy.attempts;
  }

  dispose(): void {
    this.#pc.onconnectionstatechange = null;
    this.#pc.oniceconnectionstatechange = null;
    this.#policy.dispose();
  }
}
