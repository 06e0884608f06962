/** Audio level (0..1, webrtc-stats §8.4) above which someone counts as speaking; the fake mic's beep is well above. */
export const SPEAKING_LEVEL = 0.02;
/** The highlight stays on the last speaker through pauses between words this long. */
export const HOLD_MS = 2_000;
/** How much louder (level, so 2 is about 6 dB) someone must be to take over from a speaker who is still talking… */
const TAKEOVER_RATIO = 2;
/** …and for how many samples in a row: one loud syllable or a cough does not move the highlight. */
const TAKEOVER_SAMPLES = 2;

/**
 * Who holds the floor, from one audio level per person per sample. People look at the
 * highlighted tile, and in SFU rooms it gets the highest simulcast layer, so it must not hop
 * between two people talking at once: the speaker keeps it while still talking, unless someone
 * is clearly louder for a while; someone alone talking takes it at once; silence keeps it
 * for HOLD_MS, then nobody has it. (Jitsi's dominant speaker identification works on the same
 * idea, over longer windows: Volfin and Cohen, "Dominant speaker identification for multipoint
 * videoconferencing", 2013.)
 */
export class DominantSpeaker {
  #speaker: string | null = null;
  #lastHeard = 0;
  #challenger: { id: string; samples: number } | null = null;

  get current(): string | null {
    return this.#speaker;
  }

  /** One sample: each person's level over the last interval (people absent now cannot keep the floor). */
  update(levels: ReadonlyMap<string, number | null>, now: number): string | null {
    let loudest: { id: string; level: number } | null = null;
    for (const [id, level] of levels) {
      if (level !== null && level >= SPEAKING_LEVEL && (!loudest || level > loudest.level)) loudest = { id, level };
    }
    const speaker = this.#speaker;
    const speakerLevel = speaker !== null ? (levels.get(speaker) ?? null) : null;
    const speakerTalking = speakerLevel !== null && speakerLevel >= SPEAKING_LEVEL;
    if (speakerTalking) this.#lastHeard = now;

    if (!loudest || loudest.id === speaker) {
      this.#challenger = null;
    } else if (!speakerTalking) {
      this.#take(loudest.id, now);
    } else if (loudest.level >= speakerLevel * TAKEOVER_RATIO) {
      const samples = this.#challenger?.id === loudest.id ? this.#challenger.samples + 1 : 1;
      this.#challenger = { id: loudest.id, samples };
      if (samples >= TAKEOVER_SAMPLES) this.#take(loudest.id, now);
    } else {
      this.#challenger = null;
    }

    const gone = speaker !== null && speaker === this.#speaker && !levels.has(speaker);
    if (this.#speaker !== null && (gone || now - this.#lastHeard > HOLD_MS)) this.#speaker = null;
    return this.#speaker;
  }

  #take(id: string, now: number): void {
    this.#speaker = id;
    this.#lastHeard = now;
    this.#challenger = null;
  }
}
