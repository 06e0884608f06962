/**
 * Tells our own network changing from a peer's path failing, and makes the first recover fast.
 *
 * When this device's network changes without the browser being told (the home router gets a new
 * public address, a carrier NAT rebinds), every NAT mapping of the old one is gone: the media
 * paths and the signaling connection die silently together. ICE says `disconnected` 5–7 s later
 * (measured in the network lab), socket.io notices only when its ping times out (15 s), and until
 * signaling is back no ICE restart can be negotiated. So when media stops (InboundFlowWatch), the
 * signaling connection is asked whether it still answers (`alive`); if not, it is dropped and
 * reconnects at once, and as soon as we are back in the room every link restarts ICE (RFC 8445
 * §9) instead of waiting out its grace: our side gathers candidates on the network it has now,
 * the others learn them in the new offer.
 */
export interface NetworkChangeWatchOptions {
  /** Asks the server whether the signaling connection still answers (false: it was dropped to reconnect). */
  checkAlive: () => Promise<boolean>;
  /** Restarts ICE on every link now. */
  restartAll: () => void;
}

export class NetworkChangeWatch {
  readonly #options: NetworkChangeWatchOptions;
  #probing = false;
  #changed = false;

  constructor(options: NetworkChangeWatchOptions) {
    this.#options = options;
  }

  /** A link lost its path (ICE `disconnected` or `failed` after having been connected). */
  pathLost(): void {
    if (this.#probing || this.#changed) return;
    this.#probing = true;
    this.#options
      .checkAlive()
      .then((alive) => {
        if (!alive) this.#changed = true;
      })
      .catch(() => undefined)
      .finally(() => {
        this.#probing = false;
      });
  }

  /**
   * Signaling carries us in the room again. If our network changed, the links kept across
   * (`linksKept`: recovered or resumed in place) restart now; new ones start on the new network.
   */
  backInRoom(linksKept: boolean): void {
    if (!this.#changed) return;
    this.#changed = false;
    if (linksKept) this.#options.restartAll();
  }
}
