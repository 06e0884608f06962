/** What the page and the segmentation worker say to each other. */

/** How the background behind the person is drawn. */
export type BackgroundEffect = { kind: 'blur'; strength: BlurStrength } | { kind: 'image'; image: ImageBitmap };
export type BlurStrength = 'light' | 'strong';

export type ToSegmenter =
  /** Load the TFLite runtime and the model (URLs served by Parley itself). */
  | { type: 'init'; wasmUrl: string; modelUrl: string }
  | { type: 'effect'; effect: BackgroundEffect }
  /** Frames wider than this are composed scaled down to it (a device that cannot keep up). */
  | { type: 'max-width'; width: number }
  /** One camera frame to process and send back (CanvasFrames); the worker closes it. */
  | { type: 'frame'; frame: ImageBitmap }
  /** Where processed frames go (TrackStreamFrames): the output track's sink, given once. */
  | { type: 'output'; writable: WritableStream<VideoFrame> }
  /** The camera's frames to process into the output (TrackStreamFrames); null: none now. */
  | { type: 'input'; readable: ReadableStream<VideoFrame> | null }
  /** Start or stop the worker's clock (its ticks keep their pace in a background tab). */
  | { type: 'clock'; intervalMs: number | null };

/** What processing one frame took, in the worker: segmentation (0 where the last mask was reused), and in all. */
export interface FrameTimings {
  segmentationMs: number;
  totalMs: number;
}

export type FromSegmenter =
  | { type: 'ready' }
  | { type: 'failed'; reason: string }
  | { type: 'tick' }
  /** The frame with its background replaced (CanvasFrames). */
  | ({ type: 'frame'; frame: ImageBitmap } & FrameTimings)
  /** A frame went to the output track (TrackStreamFrames). */
  | ({ type: 'processed' } & FrameTimings);
