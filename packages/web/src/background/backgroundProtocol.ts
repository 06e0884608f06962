/** What the page and the segmentation worker say to each other. */

/** How the background behind the person is drawn. */
export type BackgroundEffect = { kind: 'blur'; strength: BlurStrength } | { kind: 'image'; image: ImageBitmap };
export type BlurStrength = 'light' | 'strong';

export type ToSegmenter =
  /** Load the TFLite runtime and the model (URLs served by Parley itself). */
  | { type: 'init'; wasmUrl: string; modelUrl: string }
  | { type: 'effect'; effect: BackgroundEffect }
  /** One camera frame to process; the worker closes it. */
  | { type: 'frame'; frame: ImageBitmap }
  /** Start or stop the worker's clock (frames are asked for on its ticks: see SegmentationClock). */
  | { type: 'clock'; intervalMs: number | null };

export type FromSegmenter =
  | { type: 'ready' }
  | { type: 'failed'; reason: string }
  | { type: 'tick' }
  /** The frame with its background replaced, the same size as the camera frame. */
  | { type: 'frame'; frame: ImageBitmap; segmentationMs: number; totalMs: number };
