import type { FromSegmenter, ToSegmenter } from './backgroundProtocol.js';

/** How the page talks to the segmentation worker. */
export type SendToSegmenter = (message: ToSegmenter, transfer?: Transferable[]) => void;

/**
 * How camera frames get to the segmentation worker and the processed ones into the track that is
 * sent: TrackStreamFrames where the browser hands a track's frames to script (Chromium), else
 * CanvasFrames.
 */
export interface FrameRoute {
  /** The processed video, live as long as the route. */
  readonly output: MediaStreamTrack;
  /** How often the worker's clock should tick (the page checks the frame rate on each). */
  readonly tickMs: number;
  /** The camera to process now; null while there is none. */
  setInput(track: MediaStreamTrack | null): void;
  /** The worker ticked or sent a frame back; returns whether a processed frame went out. */
  onMessage(message: FromSegmenter): boolean;
  close(): void;
}
