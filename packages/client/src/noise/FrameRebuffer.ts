/**
 * Turns the audio graph's fixed render quantum (128 frames, Web Audio §1.32.1) into RNNoise's
 * 10 ms frames (480 samples at 48 kHz) and back. The output lags the input by one RNNoise frame:
 * 128 and 480 share no multiple below 1920, so without that head start some quanta would find
 * fewer than 128 processed samples ready (the worst gap is 448; one frame covers it).
 */
export class FrameRebuffer {
  readonly #frameSize: number;
  readonly #process: (frame: Float32Array) => void;
  /** Samples waiting for a full frame. */
  readonly #pending: Float32Array;
  #pendingLength = 0;
  /** Processed samples not yet handed out, as a ring. */
  readonly #ready: Float32Array;
  #readAt = 0;
  #readyLength: number;

  /** `process` rewrites a frame in place. */
  constructor(frameSize: number, process: (frame: Float32Array) => void) {
    this.#frameSize = frameSize;
    this.#process = process;
    this.#pending = new Float32Array(frameSize);
    // One frame of head start, plus room for the frame processed before the quantum is read out.
    this.#ready = new Float32Array(frameSize * 3);
    this.#readyLength = frameSize;
  }

  /** The latency this adds, in samples. */
  get delay(): number {
    return this.#frameSize;
  }

  /** Feeds `input` and fills `output` (same length, at most one frame) with processed audio. */
  push(input: Float32Array, output: Float32Array): void {
    for (let i = 0; i < input.length; i++) {
      this.#pending[this.#pendingLength++] = input[i] ?? 0;
      if (this.#pendingLength === this.#frameSize) {
        this.#process(this.#pending);
        this.#write(this.#pending);
        this.#pendingLength = 0;
      }
    }
    const capacity = this.#ready.length;
    for (let i = 0; i < output.length; i++) {
      if (this.#readyLength === 0) {
        output[i] = 0; // cannot happen with quanta up to one frame; silence rather than garbage if it does
        continue;
      }
      output[i] = this.#ready[this.#readAt] ?? 0;
      this.#readAt = (this.#readAt + 1) % capacity;
      this.#readyLength--;
    }
  }

  #write(frame: Float32Array): void {
    const capacity = this.#ready.length;
    let at = (this.#readAt + this.#readyLength) % capacity;
    for (let i = 0; i < frame.length; i++) {
      this.#ready[at] = frame[i] ?? 0;
      at = (at + 1) % capacity;
    }
    this.#readyLength = Math.min(capacity, this.#readyLength + frame.length);
  }
}
