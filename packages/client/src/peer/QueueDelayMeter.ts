import type { StatsReportLike } from '../stats.js';

/**
 * How much longer the round trip of our video has become than the shortest one seen on this
 * path: the time our packets now wait in a queue on the way (the base-delay idea of LEDBAT,
 * RFC 6817 §2.4.1). A queue that stays for seconds means what we send does not fit the link.
 *
 * The round trips are those the other side's receiver reports give (RFC 3550 §6.4.1, LSR/DLSR;
 * webrtc-stats §8.7 RTCRemoteInboundRtpStreamStats.totalRoundTripTime and
 * roundTripTimeMeasurements): each reading averages only the measurements new since the last, so a
 * stream that stopped reporting gives nothing rather than its last, stale value.
 */
export class QueueDelayMeter {
  /** Per remote-inbound-rtp stream: its totals at the previous reading. */
  #previous = new Map<string, { totalSeconds: number; count: number }>();
  #baseMs: number | null = null;
  #pairId: string | null = null;

  /**
   * The queue delay (ms) in this report since the previous one; null when there is no new
   * measurement. `pairId`: the report's selected candidate pair (stats.ts selectedCandidatePair).
   */
  read(report: StatsReportLike, pairId: string | null): number | null {
    // Another path (an ICE restart, a relay) has another shortest round trip.
    if (pairId !== this.#pairId) {
      this.#pairId = pairId;
      this.#baseMs = null;
    }
    let seconds = 0;
    let count = 0;
    report.forEach((stat) => {
      if (stat.type !== 'remote-inbound-rtp' || stat.kind !== 'video') return;
      const { totalRoundTripTime: total, roundTripTimeMeasurements: measurements } = stat;
      if (typeof total !== 'number' || typeof measurements !== 'number') return;
      const before = this.#previous.get(stat.id);
      this.#previous.set(stat.id, { totalSeconds: total, count: measurements });
      if (!before || measurements <= before.count) return;
      seconds += total - before.totalSeconds;
      count += measurements - before.count;
    });
    if (count === 0) return null;
    const rttMs = (seconds / count) * 1000;
    this.#baseMs = Math.min(this.#baseMs ?? rttMs, rttMs);
    return rttMs - this.#baseMs;
  }
}
