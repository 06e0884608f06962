import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ClusterKeys } from './keys.js';

/**
 * A node counts as alive while its key exists: it renews the key every HEARTBEAT_MS with a
 * TTL of ALIVE_TTL_MS, so a crashed node is seen as dead at most ALIVE_TTL_MS after its last
 * beat. Others check every HEARTBEAT_MS: participants of a crashed node are gone within
 * ALIVE_TTL_MS + HEARTBEAT_MS + one cleanup ≈ 6.5 s (the issue asks for 10 s). The TTL is kept
 * above two missed beats so a busy event loop does not get a live node declared dead.
 */
export const HEARTBEAT_MS = 1_500;
export const ALIVE_TTL_MS = 5_000;

export interface LivenessOptions {
  redis: Redis;
  keys: ClusterKeys;
  nodeId: string;
  log: Logger;
  /** Called for each dead node this node won the right to clean up after. */
  reap: (deadNodeId: string) => Promise<void>;
  /**
   * The room data this node works on is named `epoch` (first call: at start). A later call
   * means Redis came back empty: the rooms this node's participants were in are gone.
   */
  onEpoch: (epoch: string, reset: boolean) => void;
}

/** Heartbeats of this node and detection of dead ones. */
export class NodeLiveness {
  readonly #options: LivenessOptions;
  #timer: NodeJS.Timeout | null = null;
  #ticking = false;
  /** Whether the last heartbeat reached Redis (for /healthz and /metrics). */
  reachable = true;
  /** This node's public URL, once listening. */
  #url: string | null = null;
  /** Every node URL of the deployment, with when it last beat (refreshed each beat). */
  #urls = new Map<string, number>();
  #epoch: string | null = null;
  /**
   * No reaping before then: after Redis was away, every node's key may have expired; the
   * others need one TTL to beat again before their silence means anything.
   */
  #reapAfter = 0;

  constructor(options: LivenessOptions) {
    this.#options = options;
  }

  /**
   * Tells the other nodes (and clients, via /api/nodes) where this node is reached. Written at
   * once, not by the next beat: from the moment this resolves, a page any node serves may move here.
   */
  async advertise(url: string): Promise<void> {
    this.#url = url;
    const { redis, keys } = this.#options;
    await redis.hset(keys.nodeUrls, url, String(Date.now()));
  }

  /** URLs of the nodes alive at the last beat (by their own last beat), this one first. */
  liveUrls(now = Date.now()): string[] {
    const live = [...this.#urls].filter(([url, beat]) => url !== this.#url && now - beat <= ALIVE_TTL_MS).map(([url]) => url);
    return this.#url ? [this.#url, ...live] : live;
  }

  /**
   * `liveUrls` read from Redis now. For what a page is given once and keeps (its CSP connect-src,
   * the node list it fails over along): a node that came up since the last beat must be in it,
   * or a page opened in that second could never move there. Redis away: the last beat's list.
   */
  async liveUrlsNow(): Promise<string[]> {
    try {
      await this.#readUrls();
    } catch {
      // The heartbeat reports Redis unreachable; the cached list is the best there is.
    }
    return this.liveUrls();
  }

  /**
   * Origins of every node of the deployment, dead ones included: a page loaded from a node
   * that died connects to another one, and its Origin header names the dead node.
   */
  origins(): string[] {
    return [...this.#urls.keys()].map((url) => new URL(url).origin);
  }

  async start(): Promise<void> {
    await this.#tick();
    this.#timer = setInterval(() => void this.#tick(), HEARTBEAT_MS);
    this.#timer.unref();
  }

  /**
   * Stops beating. The key is left to expire: the participants of a node that shuts down
   * gracefully get those seconds to move to another node before anyone reaps them.
   */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** The first node sets the epoch; whoever finds it gone (Redis lost its data) sets a new one. */
  async #checkEpoch(): Promise<void> {
    const { redis, keys, log } = this.#options;
    await redis.set(keys.epoch, randomBytes(9).toString('base64url'), 'NX');
    const epoch = await redis.get(keys.epoch);
    if (epoch === null || epoch === this.#epoch) return;
    const reset = this.#epoch !== null;
    this.#epoch = epoch;
    if (reset) log.warn('Redis came back without its data: participants of this node rejoin their rooms');
    this.#options.onEpoch(epoch, reset);
  }

  /** Every node's URL with the time of its last beat. */
  async #readUrls(): Promise<void> {
    const { redis, keys } = this.#options;
    const urls = await redis.hgetall(keys.nodeUrls);
    this.#urls = new Map(Object.entries(urls).map(([url, beatAt]) => [url, Number(beatAt)]));
  }

  async #tick(): Promise<void> {
    if (this.#ticking) return;
    this.#ticking = true;
    const { redis, keys, nodeId, log } = this.#options;
    try {
      const beat = redis.multi().set(keys.alive(nodeId), String(Date.now()), 'PX', ALIVE_TTL_MS).sadd(keys.nodes, nodeId);
      if (this.#url) beat.hset(keys.nodeUrls, this.#url, String(Date.now()));
      await beat.exec();
      this.reachable = true;
      await this.#readUrls();
      await this.#checkEpoch();
      if (Date.now() < this.#reapAfter) return;
      for (const other of await redis.smembers(keys.nodes)) {
        if (other === nodeId || (await redis.exists(keys.alive(other)))) continue;
        // One node cleans up; the claim expires so a node that dies while cleaning is taken over.
        const claimed = await redis.set(keys.reaping(other), nodeId, 'PX', ALIVE_TTL_MS * 2, 'NX');
        if (claimed !== 'OK') continue;
        log.warn({ node: other }, 'node stopped heartbeating: removing its participants');
        await this.#options.reap(other);
        await redis.multi().srem(keys.nodes, other).del(keys.nodeRooms(other), keys.reaping(other)).exec();
      }
    } catch (error) {
      // Redis away: keep serving; the next beat tries again (connectRedis logs the cause).
      if (this.reachable) log.warn({ err: (error as Error).message }, 'heartbeat failed');
      this.reachable = false;
      this.#reapAfter = Date.now() + ALIVE_TTL_MS + HEARTBEAT_MS;
    } finally {
      this.#ticking = false;
    }
  }
}
