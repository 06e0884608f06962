/**
 * Something that runs between the microphone and what is sent (noise suppression, for example).
 * LocalMedia sends `output` in place of the microphone track while a processor is set, and hands
 * it each new microphone track (a device switch, a lost device) through `setInput`, so `output`
 * never changes and the peer connections need no replaceTrack for a device switch.
 */
export interface AudioProcessor {
  /** The processed audio, live as long as the processor; sent instead of the microphone. */
  readonly output: MediaStreamTrack;
  /**
   * What the capture should ask for while this processor runs, on top of the defaults: a noise
   * suppressor turns the browser's own `noiseSuppression` off so the two never run in series.
   */
  readonly captureConstraints: MediaTrackConstraints;
  /** The microphone to process now; null while there is none (output is silent). */
  setInput(track: MediaStreamTrack | null): void;
}
