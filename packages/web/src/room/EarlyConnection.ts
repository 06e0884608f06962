import type { PreparedConnection } from '@parley/client';
import type { CallCode } from '../callCode.js';

/** What the lobby prepared for the join: the open connection and the nodes it may move to. */
export interface Prepared {
  connection: PreparedConnection;
  serverUrls: string[];
}

/**
 * The lobby's head start on the join: while the person checks their camera, the page learns the
 * deployment's nodes and opens its signaling connection, so the click on Join sends the join
 * at once instead of first going through the handshakes (several round trips on a phone's network).
 */
export class EarlyConnection {
  readonly #origin: string;
  #prepared: Promise<Prepared | null> | null = null;

  constructor(origin: string) {
    this.#origin = origin;
  }

  /** Starts preparing, unless a preparation is already there to take. */
  open(loadCallCode: () => Promise<CallCode>): void {
    if (this.#prepared) return;
    this.#prepared = loadCallCode()
      .then(async ({ fetchNodeUrls, PreparedConnection }) => {
        const serverUrls = await fetchNodeUrls(this.#origin);
        return { connection: new PreparedConnection({ serverUrl: this.#origin, serverUrls }), serverUrls };
      })
      // The join does it all again itself, and says what went wrong.
      .catch(() => null);
  }

  /** What was prepared (waiting for it if still under way), for one join; null if nothing was. */
  async take(): Promise<Prepared | null> {
    const prepared = this.#prepared;
    this.#prepared = null;
    return prepared ? await prepared : null;
  }

  /** Closes what was prepared and not taken. */
  close(): void {
    void this.take().then((prepared) => prepared?.connection.close());
  }
}
