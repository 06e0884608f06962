/**
 * When camera video no longer fits on a link, and when to try it again: decided from the send
 * side's bandwidth estimate (webrtc-stats RTCIceCandidatePairStats.availableOutgoingBitrate,
 * what the congestion controller, draft-ietf-rmcat-gcc, thinks the path carries) and from the
 * queue our packets wait in (QueueDelayMeter).
 *
 * Above the floor the encoder itself adapts (lower resolution and frame rate, RFC 8836 §4);
 * below it what is left beside the audio is too little for any picture, and video sent anyway
 * fills the queue the audio waits in: the person then neither sees nor understands anyone. So
 * the video pauses and the audio carries on. While paused, the link is probed now and then with
 * the smallest picture; a probe that finds room brings the video back.
 *
 * The estimate alone does not say it on every link: the controller does not go below the sum of
 * its streams' minimum rates (about 130–160 kbit/s with Opus and a video at its least), so on a
 * link slower than that it sits at its floor while a queue of a second builds and the audio is
 * lost. A low estimate together with a standing queue says the same as an estimate under the floor.
 */

/** Below this estimate (kbit/s, audio included) video pauses: Opus with RED and packet overhead take about 100 of it. */
export const PAUSE_BELOW_KBPS = 150;
/** A probe that sees at least this estimate brings video back. */
export const RESUME_AT_KBPS = 250;
/** Under RESUME_AT_KBPS, a queue this long (ms, RTT beyond the path's shortest) also means video does not fit. */
export const STANDING_QUEUE_MS = 250;
/** Consecutive samples (one a second) under the floor before pausing: a dip while the encoder adapts is no reason. */
export const PAUSE_AFTER_SAMPLES = 5;
/**
 * How long a probe may last (samples), and the waits before probes (ms, doubling up to the last).
 * The estimate grows only some percent a second while the small probe picture is all it may
 * measure (multiplicative increase, draft-ietf-rmcat-gcc §5.5: about 8 % a second in libwebrtc,
 * bounded by what is actually sent), so a link that recovered may need ten seconds of probe to
 * show 250 kbit/s; a link still too slow ends its probe after three (below).
 */
export const PROBE_SAMPLES = 12;
export const PROBE_WAITS_MS = [8_000, 15_000, 30_000] as const;

export type VideoPauseAction = 'pause' | 'probe' | 'resume' | null;
/** One reading of the link; null where the browser gave nothing new. */
export interface LinkSample {
  /** The send-side estimate, kbit/s, audio included. */
  availableKbps: number | null;
  /** How long our packets wait in a queue on the path, ms (QueueDelayMeter). */
  queueDelayMs: number | null;
}
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

  /** One reading at `nowMs` (an estimate of null, when the browser gives none, changes nothing). */
  sample(link: LinkSample, nowMs: number): VideoPauseAction {
    const { availableKbps } = link;
    switch (this.#state) {
      case 'sending':
        if (availableKbps === null) return null;
        this.#below = tooSlow(link) ? this.#below + 1 : 0;
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
        // A probe that already finds the link too slow ends early, to spare the audio.
        if (this.#probeSamples >= PROBE_SAMPLES || (tooSlow(link) && this.#probeSamples >= 3)) {
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

function tooSlow({ availableKbps, queueDelayMs }: LinkSample): boolean {
  if (availableKbps === null) return false;
  if (availableKbps < PAUSE_BELOW_KBPS) return true;
  return availableKbps < RESUME_AT_KBPS && queueDelayMs !== null && queueDelayMs >= STANDING_QUEUE_MS;
}
