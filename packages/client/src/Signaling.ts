import { io, type Socket } from 'socket.io-client';
import {
  ErrorPayloadSchema,
  isParleyError,
  ParleyError,
  ServerShutdownSchema,
  type Ack,
  type AckValue,
  type AckedRequestName,
  type ClientToServerEvents,
  type RequestPayloadIn,
  type ServerToClientEvents,
} from '@parley/protocol';
import { skipReconnectDelay } from './skipReconnectDelay.js';
import { ReconnectDelay } from './reconnectDelay.js';
import { eventNames, SafeEmitter } from './SafeEmitter.js';

/**
 * How long `alive` may take before the connection is taken as dead. The server answers in
 * milliseconds; a page held up by a busy machine may take longer (checkAlive tells that apart),
 * and a wrong guess costs only a reconnect (socket.io recovers the session) and ICE restarts.
 * Every millisecond of it is part of the freeze after a network change.
 */
const ALIVE_TIMEOUT_MS = 600;
/** A timer this much late means the page itself was held, not the network. */
const HELD_MS = 300;

/**
 * `reconnecting`: an attempt failed and socket.io is trying again; before the first connect it
 * means the server is not reachable yet.
 */
export type SignalingState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface SignalingOptions {
  /** Origin of the Parley server, e.g. `https://meet.example.org`. */
  serverUrl: string;
  /**
   * Other nodes of the same deployment (several nodes over Redis): when the current one
   * cannot be reached, reconnection tries the next, in turn. The session moves along.
   */
  fallbackUrls?: readonly string[];
  /** socket.io path on that server. */
  path?: string;
  /** How long to wait for the server before giving up, in ms. */
  connectTimeoutMs?: number;
  /** Node only: `false` accepts a self-signed certificate (browsers decide that themselves). */
  rejectUnauthorized?: boolean | undefined;
}

export interface SignalingEvents {
  state: (state: SignalingState) => void;
  /**
   * The transport came back after a drop. `recovered`: socket.io restored the same server
   * session (connection state recovery), so we are still in the room; otherwise rejoin.
   */
  reconnected: (recovered: boolean) => void;
}

/** Every event name of SignalingEvents, checked against it both ways. */
export const signalingEventNames = eventNames<SignalingEvents>()(['state', 'reconnected']);

export type RequestEvent = AckedRequestName;
export type RequestPayload<E extends RequestEvent> = RequestPayloadIn<E>;
export type RequestValue<E extends RequestEvent> = AckValue<E>;

/** What a request made while not connected (or not in the room) fails with. */
export function notConnected(): ParleyError {
  return new ParleyError('signaling-unavailable', 'Not connected to the Parley server; try again when the connection is back.');
}

/**
 * The socket.io connection to the Parley server, with typed events and request/ack helpers.
 * socket.io reconnects by itself with backoff; `reconnected` tells the Room to rejoin.
 */
export class Signaling extends SafeEmitter<SignalingEvents> {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  #serverUrl: string;
  readonly #connectTimeoutMs: number;
  #state: SignalingState = 'connecting';
  #everConnected = false;
  readonly #reconnectDelay = new ReconnectDelay();
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: SignalingOptions) {
    super();
    this.#serverUrl = options.serverUrl;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.socket = io(options.serverUrl, {
      path: options.path ?? '/socket.io',
      // WebSocket first: skipping the long-polling upgrade saves round trips before the
      // first offer; polling remains as the fallback for proxies that block WebSocket.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      autoConnect: false,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      timeout: this.#connectTimeoutMs,
      ...(options.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
    });
    globalThis.addEventListener?.('offline', this.#onOffline);
    const urls = [options.serverUrl, ...(options.fallbackUrls ?? []).filter((url) => url !== options.serverUrl)];
    // socket.io's Manager reads its `uri` on every (re)connect attempt, so changing it keeps one
    // Socket (and its connection state recovery offset) across nodes.
    let current = 0;
    const nextNode = (): void => {
      current = (current + 1) % urls.length;
      this.#serverUrl = urls[current]!;
      (this.socket.io as unknown as { uri: string }).uri = this.#serverUrl;
    };
    // A node that refuses or times out is likely gone: the next attempt goes to the next node.
    if (urls.length > 1) this.socket.io.on('error', nextNode);
    // The server says it is going away. With other nodes: move now (closing the transport, as a
    // lost connection, so the room keeps us while we resume there). Alone: come back when it
    // says its successor will be up, instead of failing attempts until then.
    this.socket.on('server-shutdown', (notice) => {
      const parsed = ServerShutdownSchema.safeParse(notice);
      if (urls.length > 1) {
        nextNode();
        this.socket.io.engine.close();
        return;
      }
      this.#reconnectDelay.shutdown(parsed.success ? parsed.data.reconnectInMs : 1_000);
    });
    // Refused for flooding, the server disconnects us next: wait as long as it says (or back off).
    this.socket.on('rejected', (event) => {
      if (event.error.code !== 'rate-limited') return;
      const retryInMs = (event.error.details as { retryInMs?: unknown } | undefined)?.retryInMs;
      this.#reconnectDelay.rateLimited(typeof retryInMs === 'number' ? retryInMs : undefined);
    });
    this.socket.on('connect', () => {
      const wasConnected = this.#everConnected;
      this.#everConnected = true;
      this.#setState('connected');
      if (wasConnected) this.emit('reconnected', this.socket.recovered);
    });
    // A server shutting down refuses newcomers with a reason, and socket.io does not retry a
    // refusal: try again after a pause (by then the next instance is usually up).
    this.socket.on('connect_error', (error) => {
      if (!this.#everConnected || (error as { data?: { code?: string } }).data?.code !== 'server-shutdown') return;
      setTimeout(() => {
        if (this.#state !== 'disconnected' && !this.socket.connected) this.socket.connect();
      }, 1_000);
    });
    this.socket.on('disconnect', (reason) => {
      // "io client disconnect" is our own close(); socket.io retries a lost connection itself,
      // but not one the server ended: that one we reconnect, after the wait it asked for.
      this.#setState(reason === 'io client disconnect' ? 'disconnected' : 'reconnecting');
      if (reason !== 'io server disconnect') return;
      this.#reconnectTimer = setTimeout(() => {
        this.#reconnectTimer = null;
        if (this.#state !== 'disconnected' && !this.socket.connected) this.socket.connect();
      }, this.#reconnectDelay.take());
    });
  }

  /** The server this connection uses now (one of the fallbacks after a failover). */
  get serverUrl(): string {
    return this.#serverUrl;
  }

  get state(): SignalingState {
    return this.#state;
  }

  /** Connect, or reject with `signaling-unavailable` after the timeout. */
  connect(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(undefined), this.#connectTimeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.socket.off('connect', ok);
        this.socket.off('connect_error', onError);
      };
      const ok = (): void => {
        cleanup();
        resolve();
      };
      let lastError: unknown;
      const onError = (error: unknown): void => {
        lastError = error;
        // The server refused us with a reason (connections per address, restarting): say it now.
        const refusal = ErrorPayloadSchema.safeParse((error as { data?: unknown } | null)?.data);
        if (refusal.success) {
          cleanup();
          this.socket.disconnect();
          this.#setState('disconnected');
          reject(ParleyError.fromPayload(refusal.data));
          return;
        }
        // socket.io keeps retrying; give up only at the timeout so a slow start still works,
        // but say at once that this attempt failed: "reconnecting" before the first connect
        // means "not reachable yet, still trying" (a lobby shows it instead of a silent spinner).
        if (this.#state === 'connecting') this.#setState('reconnecting');
      };
      const fail = (_: unknown): void => {
        cleanup();
        this.socket.disconnect();
        this.#setState('disconnected');
        reject(
          new ParleyError(
            'signaling-unavailable',
            `Cannot reach the Parley server at ${this.#serverUrl}. Check the address and your connection, then try again.`,
            { cause: lastError },
          ),
        );
      };
      this.socket.on('connect', ok);
      this.socket.on('connect_error', onError);
      // Already on its way (a connection opened in the lobby, or socket.io reconnecting): wait for
      // it. socket.connect() again would send a second namespace CONNECT on a transport whose first
      // is not answered yet, which the server takes for a protocol violation and closes.
      if (!this.socket.active) this.socket.connect();
    });
  }

  /** Send a request and resolve with its acknowledged value, or reject with its error. */
  async request<E extends RequestEvent>(event: E, payload: RequestPayload<E>, timeoutMs = 10_000): Promise<RequestValue<E>> {
    let result: Ack<RequestValue<E>>;
    try {
      // The cast bridges socket.io's generic emitWithAck typing, which cannot narrow a union event.
      result = (await (this.socket.timeout(timeoutMs) as unknown as AckEmitter).emitWithAck(event, payload)) as Ack<RequestValue<E>>;
    } catch (error) {
      throw new ParleyError('timeout', `The server did not answer "${event}" within ${timeoutMs} ms.`, {
        cause: error,
      });
    }
    if (!result || typeof result !== 'object') {
      throw new ParleyError('server-error', `The server sent an unreadable answer to "${event}".`);
    }
    if (!result.ok) throw ParleyError.fromPayload(result.error);
    return result.value;
  }

  /**
   * Whether this connection still reaches the server (`alive` answered within `timeoutMs`). One
   * that does not is dropped at once, so socket.io reconnects now over whatever network we have,
   * instead of when its ping times out (pingInterval + pingTimeout), and without its usual
   * reconnection delay.
   */
  async checkAlive(timeoutMs = ALIVE_TIMEOUT_MS): Promise<boolean> {
    if (!this.socket.connected) return false;
    const asked = Date.now();
    const connection = this.socket.id;
    // After an address change our own question often meets a TCP reset, which closes the
    // connection before any timeout: that loss too comes back without waiting.
    const restoreDelay = skipReconnectDelay(this.socket.io);
    try {
      await this.request('alive', {}, timeoutMs);
      restoreDelay();
      return true;
    } catch (error) {
      // Any answer, even a refusal, came over a live connection.
      const answered = !isParleyError(error) || error.code !== 'timeout';
      // The timeout itself came late: this page was held (a busy machine), the answer may be here.
      const held = Date.now() - asked > timeoutMs + HELD_MS;
      if (answered || held) {
        restoreDelay();
        return true;
      }
      // Still the connection we asked on (not one already back after a reset): drop it now.
      if (this.socket.connected && this.socket.id === connection) this.socket.io.engine.close();
      return false;
    }
  }

  /**
   * The browser went offline (the window's `offline` event). engine.io-client then closes its
   * transport; one still opening it closes without an error, which socket.io's Manager does not
   * listen for until the connection is open, so the first attempt would hang for the whole connect
   * timeout without a word ("Joining…" for 10 s). Started over, the attempt fails at once while
   * offline (`connect_error`: "reconnecting", the lobby says the server cannot be reached) and
   * socket.io keeps retrying until the network is back. An open connection needs nothing: its
   * close is a `disconnect`.
   */
  readonly #onOffline = (): void => {
    if (this.#state !== 'connecting' || this.socket.connected) return;
    this.socket.disconnect();
    this.socket.connect();
  };

  close(): void {
    globalThis.removeEventListener?.('offline', this.#onOffline);
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.socket.disconnect();
    this.socket.removeAllListeners();
    this.#setState('disconnected');
    this.removeAllListeners();
  }

  #setState(state: SignalingState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.emit('state', state);
  }
}

interface AckEmitter {
  emitWithAck(event: string, payload: unknown): Promise<unknown>;
}
