/**
 * A participant whose connection drops without saying goodbye (network blip, a phone asleep, a
 * page stalled by a busy machine) is kept for a grace period (`departureGrace`) before the
 * others are told they left: a reconnect within it (socket.io connection state recovery, or a
 * `resume` join) then changes nothing for anyone. Closing the tab still shows at once: the page
 * sends `leave`.
 */
export class Departures {
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #graceMs: number;

  constructor(graceMs: number) {
    this.#graceMs = graceMs;
  }

  /** Runs `depart` after the grace period (or `graceMs`, if shorter) unless `cancel(participantId)` comes first. */
  schedule(participantId: string, depart: () => void, graceMs = this.#graceMs): void {
    this.cancel(participantId);
    const timer = setTimeout(
      () => {
        this.#timers.delete(participantId);
        depart();
      },
      Math.min(graceMs, this.#graceMs),
    );
    timer.unref();
    this.#timers.set(participantId, timer);
  }

  /** True when a departure was pending (the participant came back in time). */
  cancel(participantId: string): boolean {
    const timer = this.#timers.get(participantId);
    if (!timer) return false;
    clearTimeout(timer);
    this.#timers.delete(participantId);
    return true;
  }

  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
