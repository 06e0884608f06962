import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { RoomStore } from '../rooms/RoomStore.js';

/**
 * Prometheus metrics of one server (its own registry, so several servers in one process
 * each count their own): what it holds now, what it relayed, what it refused and why,
 * plus the default process metrics (CPU, memory, event loop lag, handles).
 */
export class ParleyMetrics {
  readonly registry = new Registry();
  readonly #relayed: Counter;
  readonly #rejections: Counter<'reason'>;
  readonly #joins: Counter;
  readonly #connectionsTotal: Counter;

  /** `redisReachable`: several nodes over Redis; null (no gauge) for a single node. */
  constructor(sources: { store: RoomStore; connections: () => number; redisReachable?: (() => boolean) | null }) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'parley_' });
    new Gauge({
      name: 'parley_connections',
      help: 'Signaling connections open now.',
      registers,
      collect() {
        this.set(sources.connections());
      },
    });
    new Gauge({
      name: 'parley_rooms',
      help: 'Rooms with at least one participant now.',
      registers,
      async collect() {
        const stats = await sources.store.stats().catch(() => null);
        if (stats) this.set(stats.rooms);
      },
    });
    new Gauge({
      name: 'parley_participants',
      help: 'Participants in rooms now.',
      registers,
      async collect() {
        const stats = await sources.store.stats().catch(() => null);
        if (stats) this.set(stats.participants);
      },
    });
    if (sources.redisReachable) {
      const reachable = sources.redisReachable;
      new Gauge({
        name: 'parley_redis_up',
        help: 'Whether this node reaches Redis now (1) or not (0).',
        registers,
        collect() {
          this.set(reachable() ? 1 : 0);
        },
      });
    }
    this.#connectionsTotal = new Counter({ name: 'parley_connections_total', help: 'Signaling connections accepted.', registers });
    this.#joins = new Counter({ name: 'parley_joins_total', help: 'Successful joins.', registers });
    this.#relayed = new Counter({ name: 'parley_messages_relayed_total', help: 'Signals relayed to a participant.', registers });
    this.#rejections = new Counter({
      name: 'parley_rejections_total',
      help: 'Messages and connections refused, by reason (error code).',
      labelNames: ['reason'],
      registers,
    });
  }

  connected(): void {
    this.#connectionsTotal.inc();
  }

  joined(): void {
    this.#joins.inc();
  }

  relayed(): void {
    this.#relayed.inc();
  }

  rejected(reason: string): void {
    this.#rejections.inc({ reason });
  }

  /** The exposition text (Prometheus text format 0.0.4). */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
