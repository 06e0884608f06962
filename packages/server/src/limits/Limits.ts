import { ParleyError } from '@parley/protocol';
import type { RoomStore } from '../rooms/RoomStore.js';
import type { ParleySocket } from '../io/types.js';
import { ConnectionCounter } from './ConnectionCounter.js';
import type { LimitsConfig } from '../config/index.js';
import { addressKey } from './addressKey.js';
import { Penalties } from './Penalties.js';
import { TokenBucket } from './TokenBucket.js';

/**
 * The server's protective limits, applied by the router: connections per address, messages and
 * bytes per connection and messages per address (token buckets), rooms at once. Each refusal is a ParleyError
 * whose message says what happened and what to do.
 */
export class Limits {
  readonly config: LimitsConfig;
  readonly #store: RoomStore;
  readonly #connections = new ConnectionCounter();
  readonly #messages = new WeakMap<ParleySocket, TokenBucket>();
  readonly #bytes = new WeakMap<ParleySocket, TokenBucket>();
  /** Messages from all connections of one address together, so many connections do not multiply the rate. */
  readonly #addressMessages = new Map<string, TokenBucket>();
  readonly #penalties = new Penalties();
  readonly #counted = new WeakMap<ParleySocket, string>();
  /** Connections already refused for flooding: what they still send does not lengthen the wait again. */
  readonly #penalized = new WeakMap<ParleySocket, ParleyError>();

  constructor(config: LimitsConfig, store: RoomStore) {
    this.config = config;
    this.#store = store;
  }

  /** A new connection: refused when its address already has the most allowed, or was just rate-limited. */
  admit(socket: ParleySocket): ParleyError | null {
    const address = addressKey(socket.handshake.address);
    const waitMs = this.#penalties.remainingMs(address);
    if (waitMs > 0) return this.#rateLimitedError(waitMs, 'Too many messages came from your address just now.');
    if (!this.#connections.tryAdd(address, this.config.maxConnectionsPerIp)) {
      return new ParleyError(
        'too-many-connections',
        `Too many connections from your address (limit ${this.config.maxConnectionsPerIp}). Close other Parley tabs or try again later.`,
        { details: { max: this.config.maxConnectionsPerIp } },
      );
    }
    this.#counted.set(socket, address);
    const { rateLimitPerSecond, rateLimitBurst, rateLimitBytesPerSecond, maxMessageBytes } = this.config;
    this.#messages.set(socket, new TokenBucket(rateLimitPerSecond, rateLimitBurst));
    this.#bytes.set(socket, new TokenBucket(rateLimitBytesPerSecond, Math.max(4 * rateLimitBytesPerSecond, maxMessageBytes)));
    return null;
  }

  /** The connection closed: its address may open another. */
  release(socket: ParleySocket): void {
    const address = this.#counted.get(socket);
    if (address === undefined) return;
    this.#counted.delete(socket);
    this.#connections.remove(address);
    if (this.#connections.count(address) === 0) this.#addressMessages.delete(address);
  }

  /** One incoming message; null when within the rates (this connection's and its address's), else the reason to disconnect. */
  takeMessage(socket: ParleySocket): ParleyError | null {
    if (this.#messages.get(socket)?.take() === false) {
      return this.#penalize(
        socket,
        `more than ${this.config.rateLimitPerSecond} messages per second (bursts of ${this.config.rateLimitBurst})`,
      );
    }
    const perIp = this.config.rateLimitPerIp;
    const address = this.#counted.get(socket);
    if (perIp > 0 && address !== undefined) {
      let bucket = this.#addressMessages.get(address);
      if (!bucket) {
        bucket = new TokenBucket(perIp, 4 * perIp);
        this.#addressMessages.set(address, bucket);
      }
      if (!bucket.take()) return this.#penalize(socket, `more than ${perIp} messages per second from your address`);
    }
    return null;
  }

  /** The bytes of one incoming message; null when within the byte rate, else the reason to disconnect. */
  takeBytes(socket: ParleySocket, bytes: number): ParleyError | null {
    if (this.#bytes.get(socket)?.take(bytes) !== false) return null;
    return this.#penalize(socket, `more than ${Math.round(this.config.rateLimitBytesPerSecond / 1024)} KiB per second`);
  }

  /** A flood: its address waits before connecting again (longer each time it floods within a minute). */
  #penalize(socket: ParleySocket, what: string): ParleyError {
    const earlier = this.#penalized.get(socket);
    if (earlier) return earlier;
    const waitMs = this.#penalties.add(this.#counted.get(socket) ?? addressKey(socket.handshake.address));
    const error = this.#rateLimitedError(waitMs, `Too many messages: ${what}.`);
    this.#penalized.set(socket, error);
    return error;
  }

  #rateLimitedError(retryInMs: number, what: string): ParleyError {
    return new ParleyError('rate-limited', `${what} Disconnected; Parley reconnects by itself in ${Math.ceil(retryInMs / 1000)} s.`, {
      details: {
        retryInMs,
        perSecond: this.config.rateLimitPerSecond,
        burst: this.config.rateLimitBurst,
        bytesPerSecond: this.config.rateLimitBytesPerSecond,
        perIpPerSecond: this.config.rateLimitPerIp,
      },
    });
  }

  /** Joining `room` would open a new room beyond the limit? (Joining an existing room is always fine.) */
  async checkJoin(room: string): Promise<ParleyError | null> {
    const max = this.config.maxRooms;
    if (max === 0) return null;
    const { rooms } = await this.#store.stats();
    if (rooms < max || (await this.#store.members(room)).length > 0) return null;
    return new ParleyError(
      'too-many-rooms',
      `This server has reached its limit of ${max} meeting${max === 1 ? '' : 's'}. Try again later.`,
      {
        details: { max },
      },
    );
  }

  connectionsFrom(address: string): number {
    return this.#connections.count(addressKey(address));
  }
}
