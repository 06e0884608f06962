/** Simulcast layers a subscriber may ask for (Janus `substream` 0, 1, 2). */
export type ReceiveQuality = 'low' | 'medium' | 'high';

const ORDER: readonly ReceiveQuality[] = ['low', 'medium', 'high'];

/** What the subscriber connection received so far, summed over its video streams (webrtc-stats §6.3 inbound-rtp). */
export interface ReceiveCounters {
  packetsReceived: number;
  packetsLost: number;
}

export interface ReceiveLayerCapPolicy {
  /** Loss in one interval at or above this counts as congested (fraction lost, RFC 3550 §6.4.1). */
  congestedLoss: number;
  /** Congested intervals in a row before the cap steps down one layer. */
  congestedIntervals: number;
  /** Loss in one interval below this counts as clean. */
  cleanLoss: number;
  /** Clean intervals in a row before the cap steps up one layer again. */
  cleanIntervals: number;
  /** Intervals with fewer packets than this say nothing (a quiet moment, video off). */
  minPackets: number;
}

/**
 * Sampled every 2 s: a short burst of loss is ridden out, steady loss (a link that cannot carry
 * what it is sent) steps down within 4 s, and the way back up is slower (10 s clean) so the cap
 * does not flap around the link's limit.
 */
export const DEFAULT_RECEIVE_LAYER_CAP_POLICY: ReceiveLayerCapPolicy = {
  congestedLoss: 0.05,
  congestedIntervals: 2,
  cleanLoss: 0.01,
  cleanIntervals: 5,
  minPackets: 20,
};

/**
 * The highest simulcast layer this subscriber's downlink carries, judged by packet loss on what
 * it receives. Janus forwards whatever layer is asked for without congestion control toward
 * subscribers, so the receiver itself must back off: the layer actually asked for a tile is the
 * lower of what its size wants and this cap.
 */
export class ReceiveLayerCap {
  readonly #policy: ReceiveLayerCapPolicy;
  #cap: ReceiveQuality = 'high';
  #last: ReceiveCounters | null = null;
  #congested = 0;
  #clean = 0;

  constructor(policy: Partial<ReceiveLayerCapPolicy> = {}) {
    this.#policy = { ...DEFAULT_RECEIVE_LAYER_CAP_POLICY, ...policy };
  }

  get cap(): ReceiveQuality {
    return this.#cap;
  }

  /** The counters now; returns true when the cap changed. */
  update(counters: ReceiveCounters): boolean {
    const last = this.#last;
    this.#last = counters;
    if (!last) return false;
    const received = counters.packetsReceived - last.packetsReceived;
    // packetsLost may go down (late packets arrive after all); a reset connection starts again.
    const lost = Math.max(0, counters.packetsLost - last.packetsLost);
    if (received < 0 || received + lost < this.#policy.minPackets) return false;
    const loss = lost / (received + lost);
    if (loss >= this.#policy.congestedLoss) {
      this.#clean = 0;
      this.#congested += 1;
      if (this.#congested >= this.#policy.congestedIntervals) return this.#step(-1);
    } else if (loss < this.#policy.cleanLoss) {
      this.#congested = 0;
      this.#clean += 1;
      if (this.#clean >= this.#policy.cleanIntervals) return this.#step(1);
    } else {
      this.#congested = 0;
      this.#clean = 0;
    }
    return false;
  }

  /** A new subscriber connection: its counters start from zero. */
  reset(): void {
    this.#last = null;
    this.#congested = 0;
    this.#clean = 0;
  }

  #step(direction: -1 | 1): boolean {
    this.#congested = 0;
    this.#clean = 0;
    const next = ORDER[Math.min(ORDER.length - 1, Math.max(0, ORDER.indexOf(this.#cap) + direction))]!;
    if (next === this.#cap) return false;
    this.#cap = next;
    return true;
  }
}

/** The lower of two layers. */
export function lowerQuality(a: ReceiveQuality, b: ReceiveQuality): ReceiveQuality {
  return ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b;
}
