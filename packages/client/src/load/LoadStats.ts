/** Counters every simulated client of one run adds to. */
export class LoadStats {
  connected = 0;
  peakConnections = 0;
  inRoom = 0;
  joins = 0;
  leaves = 0;
  sent = 0;
  received = 0;
  refused = 0;
  duplicated = 0;
  misrouted = 0;
  sequenceGaps = 0;
  readonly connectMs: number[] = [];
  readonly joinMs: number[] = [];
  readonly readyMs: number[] = [];
  readonly relayMs: number[] = [];
  readonly errorsByCode: Record<string, number> = {};

  connectionOpened(): void {
    this.connected += 1;
    if (this.connected > this.peakConnections) this.peakConnections = this.connected;
  }

  connectionClosed(): void {
    this.connected -= 1;
  }

  error(code: string): void {
    this.errorsByCode[code] = (this.errorsByCode[code] ?? 0) + 1;
  }

  get errorCount(): number {
    return Object.values(this.errorsByCode).reduce((sum, count) => sum + count, 0);
  }
}
