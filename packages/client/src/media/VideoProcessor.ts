/**
 * Something that runs between the camera and what is sent (background blur or replacement).
 * LocalMedia sends `output` in place of the camera track while a processor is set, shows it in the
 * self-view (people see themselves as others do), and hands it each new camera track (a device
 * switch, a lost device, the camera turned back on) through `setInput`, so `output` never changes
 * and the peer connections need no replaceTrack for a device switch.
 */
export interface VideoProcessor {
  /** The processed video, live as long as the processor; sent instead of the camera. */
  readonly output: MediaStreamTrack;
  /** The camera to process now; null while there is none (camera off: nothing is sent). */
  setInput(track: MediaStreamTrack | null): void;
}
