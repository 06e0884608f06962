/** How often the receivers are looked at, and how long without a packet counts as stopped. */
const LOOK_EVERY_MS = 250;
const STOPPED_AFTER_MS = 1_000;
/** A look this much later than due: our own page was held (a busy machine), which says nothing of the network. */
const HELD_MS = 300;

/**
 * Notices that a connection stopped receiving media, sooner than ICE does: libwebrtc calls a
 * path `disconnected` only once its connectivity checks go unanswered, 5 s and more after the
 * last packet (measured in the network lab after an address change). Each receiver's
 * contributing sources carry the time of the last packet played from them (webrtc-pc §5.3.1,
 * getSynchronizationSources); when none advanced for a second after media was flowing, the path
 * (or our own network) is likely gone. Only a connection that was receiving can stop: one whose
 * sender sends nothing (camera and microphone off, or moved to the SFU) never fires.
 */
export class InboundFlowWatch {
  readonly #receivers: () => readonly RTCRtpReceiver[];
  readonly #onStopped: () => void;
  readonly #active: () => boolean;
  readonly #timer: ReturnType<typeof setInterval>;
  #latest = 0;
  #changedAt = 0;
  #lookedAt = Date.now();
  #flowing = false;

  /**
   * `onStopped`: once per stop, after flow had been seen; again only after it flowed once more.
   * `active`: whether a stop would mean anything now; while it does not, no receiver is asked
   * (each getSynchronizationSources is a synchronous call into the WebRTC threads) and flow
   * must be seen again afterwards before a stop counts.
   */
  constructor(receivers: () => readonly RTCRtpReceiver[], onStopped: () => void, active: () => boolean = () => true) {
    this.#receivers = receivers;
    this.#onStopped = onStopped;
    this.#active = active;
    this.#timer = setInterval(() => this.#look(), LOOK_EVERY_MS);
  }

  dispose(): void {
    clearInterval(this.#timer);
  }

  #look(): void {
    if (!this.#active()) {
      this.#flowing = false;
      this.#lookedAt = Date.now();
      return;
    }
    let latest = 0;
    for (const receiver of this.#receivers()) {
      if (typeof receiver.getSynchronizationSources !== 'function') return;
      for (const source of receiver.getSynchronizationSources()) latest = Math.max(latest, source.timestamp);
    }
    const now = Date.now();
    const held = now - this.#lookedAt - LOOK_EVERY_MS > HELD_MS;
    this.#lookedAt = now;
    // Silence across a hold of our own page is not judged: the wait starts again.
    if (held) this.#changedAt = now;
    if (latest > this.#latest) {
      this.#latest = latest;
      this.#changedAt = now;
      this.#flowing = true;
      return;
    }
    if (this.#flowing && now - this.#changedAt >= STOPPED_AFTER_MS) {
      this.#flowing = false;
      this.#onStopped();
    }
  }
}
