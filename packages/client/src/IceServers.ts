import { IceConfigSchema, type IceServer } from '@parley/protocol';

export interface IceServerRefreshOptions {
  /** Asks the server for fresh ICE servers (`refresh-ice-servers`); resolves with the raw answer. */
  request: () => Promise<unknown>;
  /** Hands the new servers to every open peer connection (see `applyIceServers`). */
  apply: (iceServers: RTCIceServer[]) => void;
  /** How long to wait before asking again after a failed request, in ms. */
  retryMs?: number;
}

/** Ask for new credentials when this share of their lifetime has passed. */
const REFRESH_AT = 0.8;

/**
 * Keeps the TURN credentials of a joined room fresh. They expire (TURN REST API, default 300 s);
 * an allocation made with them outlives them, but every new one — an ICE restart, a newcomer's
 * link — needs valid ones. So at 80 % of their lifetime the room asks the server for new ones and
 * hands them to every peer connection with `setConfiguration()`; nothing is renegotiated.
 */
export class IceServerRefresh {
  readonly #options: IceServerRefreshOptions;
  #servers: RTCIceServer[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #generation = 0;

  constructor(options: IceServerRefreshOptions) {
    this.#options = options;
  }

  /** The servers new peer connections should use. */
  get current(): RTCIceServer[] {
    return this.#servers;
  }

  /** Starts from a join snapshot (again after a rejoin). */
  start(iceServers: IceServer[], ttlSeconds: number | undefined): void {
    this.stop();
    this.#servers = iceServers;
    if (ttlSeconds) this.#schedule(ttlSeconds * 1000 * REFRESH_AT);
  }

  stop(): void {
    this.#generation += 1;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule(delayMs: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#refresh(), Math.max(1_000, delayMs));
  }

  async #refresh(): Promise<void> {
    this.#timer = null;
    const generation = this.#generation;
    try {
      const config = IceConfigSchema.parse(await this.#options.request());
      if (generation !== this.#generation) return; // stopped or restarted meanwhile
      this.#servers = config.iceServers;
      this.#options.apply(this.#servers);
      if (config.ttlSeconds) this.#schedule(config.ttlSeconds * 1000 * REFRESH_AT);
    } catch {
      // Signaling is down (the room rejoins and starts over when it is back) or the answer was
      // bad: try again soon, while the current credentials still hold.
      if (generation === this.#generation) this.#schedule(this.#options.retryMs ?? 10_000);
    }
  }
}

/** Gives a peer connection new ICE servers; existing candidates and allocations stay. */
export function applyIceServers(pc: RTCPeerConnection, iceServers: RTCIceServer[]): boolean {
  if (typeof pc.setConfiguration !== 'function' || pc.signalingState === 'closed') return false;
  try {
    pc.setConfiguration({ ...pc.getConfiguration(), iceServers });
    return true;
  } catch {
    return false; // an implementation without setConfiguration support: keeps the old ones
  }
}
