import { ParleyError } from '@parley/protocol';
import type { RoomStore } from '../rooms/RoomStore.js';
import type { ParleySocket } from '../io/types.js';
import { ConnectionCounter } from './ConnectionCounter.js';
import type { LimitsConfig } from '../config/index.js';
import { TokenBucket } from './TokenBucket.js';

/**
 * The server's protective limits, applied by attachSignaling: connections per IP address,
 * messages per connection (token bucket), rooms at once. Each refusal is a ParleyError
 * whose message says what happened and what to do.
 */
export class Limits {
  readonly config: LimitsConfig;
  readonly #store: RoomStore;
  readonly #connections = new ConnectionCounter();
  readonly #buckets = new WeakMap<ParleySocket, TokenBucket>();
  readonly #counted = new WeakSet<ParleySocket>();

  constructor(config: LimitsConfig, store: RoomStore) {
    this.config = config;
    this.#store = store;
  }

  /** A new connection: refused when its address already has the most allowed. */
  admit(socket: ParleySocket): ParleyError | null {
    const address = socket.handshake.address;
    if (!this.#connections.tryAdd(address, this.config.maxConnectionsPerIp)) {
      return new ParleyError(
        'too-many-connections',
        `Too many connections from your address (limit ${this.config.maxConnectionsPerIp}). Close other Parley tabs or try again later.`,
        { details: { max: this.config.maxConnectionsPerIp } },
      );
    }
    this.#counted.add(socket);
    this.#buckets.set(socket, new TokenBucket(this.config.rateLimitPerSecond, this.config.rateLimitBurst));
    return null;
  }

  /** The connection closed: its address may open another. */
  release(socket: ParleySocket): void {
    if (!this.#counted.delete(socket)) return;
    this.#connections.remove(socket.handshake.address);
  }

  /** One incoming message; null when within the rate, else the reason to disconnect. */
  takeMessage(socket: ParleySocket): ParleyError | null {
    if (this.#buckets.get(socket)?.take() !== false) return null;
    return new ParleyError(
      'rate-limited',
      `Too many messages: more than ${this.config.rateLimitPerSecond} per second (bursts of ${this.config.rateLimitBurst}). Disconnected; reload to rejoin.`,
      { details: { perSecond: this.config.rateLimitPerSecond, burst: this.config.rateLimitBurst } },
    );
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
    return this.#connections.count(address);
  }
}
