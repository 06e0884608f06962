/**
 * The loudness of a microphone, read from a clone of its track: the clone stays enabled while the
 * call's track is muted (`enabled = false` sends silence, mediacapture-main §4.3.1), so the page
 * can notice someone talking into a muted microphone. Nothing leaves the page.
 */
export class AudioLevelMeter {
  readonly #clone: MediaStreamTrack;
  readonly #context: AudioContext;
  readonly #analyser: AnalyserNode;
  readonly #samples: Float32Array<ArrayBuffer>;

  constructor(track: MediaStreamTrack) {
    this.#clone = track.clone();
    this.#clone.enabled = true;
    this.#context = new AudioContext();
    this.#analyser = this.#context.createAnalyser();
    // 2048 samples: about 43 ms at 48 kHz, one syllable's worth.
    this.#analyser.fftSize = 2048;
    this.#samples = new Float32Array(this.#analyser.fftSize);
    this.#context.createMediaStreamSource(new MediaStream([this.#clone])).connect(this.#analyser);
  }

  /** Root-mean-square level of the last ~43 ms, in dBFS (-120 for silence). */
  dbfs(): number {
    this.#analyser.getFloatTimeDomainData(this.#samples);
    let sum = 0;
    for (const sample of this.#samples) sum += sample * sample;
    return Math.max(-120, 10 * Math.log10(sum / this.#samples.length + 1e-12));
  }

  close(): void {
    this.#clone.stop();
    void this.#context.close();
  }
}

/** Louder than this is a voice near the microphone; a quiet room's floor sits near -60 dBFS. */
export const VOICE_DBFS = -40;

const SPEECH_SHARE = 0.2;

/**
 * Talking, not a cough or a click: the voice is there in at least a fifth of the readings over
 * the window (speech is voiced about half the time; a single knock fills one or two readings).
 */
export class SpeechDetector {
  readonly #readings: boolean[] = [];
  readonly #windowSize: number;

  /** `windowSize`: how many readings make the window (at one per 50 ms, 30 is 1.5 s). */
  constructor(windowSize: number) {
    this.#windowSize = windowSize;
  }

  /** Adds one reading; true while the window holds speech. */
  push(dbfs: number): boolean {
    this.#readings.push(dbfs > VOICE_DBFS);
    if (this.#readings.length > this.#windowSize) this.#readings.shift();
    if (this.#readings.length < this.#windowSize) return false;
    return this.#readings.filter(Boolean).length >= SPEECH_SHARE * this.#windowSize;
  }
}
