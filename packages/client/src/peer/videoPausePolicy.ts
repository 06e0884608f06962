/**
 * When camera video no longer fits on a link, and when to try it again: decided from the send
 * side's bandwidth estimate (webrtc-stats RTCIceCandidatePairStats.availableOutgoingBitrate,
 * what the congestion controller, draft-ietf-rmcat-gcc, thinks the path carries).
 *
 * Above the floor the encoder itself adapts (lower resolution and frame rate, RFC 8836 §4);
 * below it what is left beside the audio is too little for any picture, and video sent anyway
 * fills the queue the audio waits in: the person then neither sees nor understands anyone. So
 * the video pauses and the audio carries on. While paused, the link is probed now and then with
 * the smallest picture; a probe that finds room brings the video back.
 */

/** Below this estimate (kbit/s, audio included) video pauses: Opus with RED and packet overhead take about 100 of it. */
export const PAUSE_BELOW_KBPS = 150;
/** A probe that sees at least this estimate brings video back. */
export const RESUME_AT_KBPS = 250;
/** Consecutive samples (one a second) under the floor before pausing: a dip while the encoder adapts is no reason. */
export const PAUSE_AFTER_SAMPLES = 5;
/** How long a probe lasts (samples), and the waits before probes (ms, doubling up to the last). */
export const PROBE_SAMPLES = 6;
export const PROBE_WAITS_MS = [8_000, 15_000, 30_000] as const;

export type VideoPauseAction = 'pause' | 'probe' | 'resume' | null;
export type VideoPauseState = 'sending' | 'paused' | 'probing';

/** The decisions, fed one estimate per sample; the caller carries out each returned action. */
export class VideoPausePolicy {
  #state: VideoPauseState = 'sending';
  #below = 0;
  #probeSamples = 0;
  #probes = 0;
  #nextProbeAt = 0;

  get state(): VideoPauseState {
    return this.#state;
  }

  /** One estimate (kbit/s; null when the browser gives none, which changes nothing) at `nowMs`. */
  sample(availableKbps: number | null, nowMs: number): VideoPauseAction {
    switch (this.#state) {
      case 'sending':
        if (availableKbps === null) return null;
        this.#below = availableKbps < PAUSE_BELOW_KBPS ? this.#below + 1 : 0;
        if (this.#below < PAUSE_AFTER_SAMPLES) return null;
        this.#probes = 0;
        return this.#pause(nowMs);
      case 'paused':
        if (nowMs < this.#nextProbeAt) return null;
        this.#state = 'probing';
        this.#probeSamples = 0;
        return 'probe';
      case 'probing':
        this.#probeSamples += 1;
        if (availableKbps !== null && availableKbps >= RESUME_AT_KBPS) {
          this.#state = 'sending';
          this.#below = 0;
          return 'resume';
        }
        // A probe that already pushes the estimate under the floor ends early, to spare the audio.
        if (
          this.#probeSamples >= PROBE_SAMPLES ||
          (availableKbps !== null && availableKbps < PAUSE_BELOW_KBPS && this.#probeSamples >= 3)
        ) {
          this.#probes += 1;
          return this.#pause(nowMs);
        }
        return null;
    }
  }

  /** The video's sender went away (camera off, or the link stopped carrying media): start over. */
  reset(): void {
    this.#state = 'sending';
    this.#below = 0;
  }

  #pause(nowMs: number): 'pause' {
    this.#state = 'paused';
    this.#nextProbeAt = nowMs + PROBE_WAITS_MS[Math.min(this.#probes, PROBE_WAITS_MS.length - 1)]!;
    return 'pause';
  }
}
