import Janode, { type JanodeConnection, type JanodeSession } from 'janode';
import { ParleyError } from '@parley/protocol';
import type { Logger } from 'pino';

/** How often an instance that went away is tried again. */
const RECONNECT_MS = 5_000;
/** Janus drops a session without a keep-alive for `session_timeout` (60 s by default); janode sends one this often. */
const KEEPALIVE_SECONDS = 15;

/** One Janus server of the pool, with how many participants Parley placed on it. */
export class JanusInstance {
  readonly url: string;
  connection: JanodeConnection | null = null;
  /** Participants with a session on this instance (the placement's measure of load). */
  load = 0;

  constructor(url: string) {
    this.url = url;
  }

  get up(): boolean {
    return this.connection !== null;
  }

  /** A Janus session (one per participant); throws `sfu-unavailable` while the instance is down. */
  async createSession(): Promise<JanodeSession> {
    if (!this.connection) throw sfuUnavailable(this.url);
    return this.connection.create(KEEPALIVE_SECONDS);
  }
}

/**
 * The Janus servers of PARLEY_JANUS_URLS, each over one janode WebSocket connection. Rooms go
 * to the least-loaded instance that is up. An instance that goes away is logged and retried
 * every few seconds; nothing else stops (participants placed on it lose SFU media until
 * it is back, mesh rooms are not affected).
 */
export class JanusPool {
  readonly #instances: JanusInstance[];
  readonly #log: Logger;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #closed = false;

  constructor(urls: readonly string[], log: Logger) {
    this.#instances = urls.map((url) => new JanusInstance(url));
    this.#log = log.child({ component: 'janus-pool' });
    // janode logs to stdout on its own; Parley's log says what matters.
    Janode.Logger.setLevel('none');
  }

  get instances(): readonly JanusInstance[] {
    return this.#instances;
  }

  /** Connects to every instance; resolves when each one answered or failed (a failed one is retried). */
  async start(): Promise<void> {
    await Promise.all(this.#instances.map((instance) => this.#connect(instance)));
  }

  /** The least-loaded instance that is up; throws `sfu-unavailable` when none is. */
  place(): JanusInstance {
    let best: JanusInstance | null = null;
    for (const instance of this.#instances) {
      if (instance.up && (!best || instance.load < best.load)) best = instance;
    }
    if (!best) throw sfuUnavailable(this.#instances.map((instance) => instance.url).join(', '));
    return best;
  }

  /** The instance with that URL (a room placed earlier, maybe by another node), or null when it is not in this pool. */
  byUrl(url: string): JanusInstance | null {
    return this.#instances.find((instance) => instance.url === url) ?? null;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.all(
      this.#instances.map(async (instance) => {
        const connection = instance.connection;
        instance.connection = null;
        await connection?.close().catch(() => undefined);
      }),
    );
  }

  async #connect(instance: JanusInstance): Promise<void> {
    if (this.#closed) return;
    try {
      // janode's own retries are off: this pool retries on its own schedule, forever.
      const connection = await Janode.connect({ address: { url: instance.url }, max_retries: 1, retry_time_secs: 1 });
      if (this.#closed) {
        await connection.close().catch(() => undefined);
        return;
      }
      instance.connection = connection;
      this.#log.info({ janus: instance.url }, 'janus connected');
      const lost = (reason: string) => () => {
        if (instance.connection !== connection) return;
        instance.connection = null;
        instance.load = 0;
        if (this.#closed) return;
        this.#log.error({ janus: instance.url, reason }, 'janus instance went away; SFU rooms on it lose media until it is back');
        this.#retry(instance);
      };
      connection.once(Janode.EVENT.CONNECTION_CLOSED, lost('closed'));
      connection.once(Janode.EVENT.CONNECTION_ERROR, lost('error'));
    } catch (error) {
      if (this.#closed) return;
      this.#log.error({ janus: instance.url, err: (error as Error).message }, 'janus unreachable; retrying');
      this.#retry(instance);
    }
  }

  #retry(instance: JanusInstance): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#connect(instance);
    }, RECONNECT_MS);
    timer.unref();
    this.#timers.add(timer);
  }
}

function sfuUnavailable(where: string): ParleyError {
  return new ParleyError('sfu-unavailable', `The media server (Janus at ${where}) is not reachable; the room stays peer to peer.`);
}
