/// <reference lib="webworker" />
import { compositeBackground } from './compositeBackground.js';
import type { BackgroundEffect, FrameTimings, FromSegmenter, ToSegmenter } from './backgroundProtocol.js';
import { SegmentationModel } from './SegmentationModel.js';
import { SegmentationPace } from './SegmentationPace.js';
import { PlanarCompositor } from './composePlanes.js';
import { readPlanes, readablePlanes, shrinkPlanes, type Planes } from './yuvPlanes.js';

/**
 * Person segmentation and compositing, off the page's main thread. Frames arrive either one by one
 * as ImageBitmaps and go back the same way (CanvasFrames), or as the camera track's own stream of
 * VideoFrames, written processed into the output track's sink without the page touching them
 * (TrackStreamFrames, mediacapture-transform). Each is scaled to the model's input, segmented
 * (or the last mask reused: see SegmentationPace), and the person put over the blurred frame or an
 * image: in the camera's own YUV where the frame's planes can be read (PlanarCompositor), else on
 * an OffscreenCanvas (compositeBackground).
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromSegmenter, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

let model: SegmentationModel | null = null;
let effect: BackgroundEffect = { kind: 'blur', strength: 'light' };
let maxWidth = Infinity;
let clock: ReturnType<typeof setInterval> | null = null;
const pace = new SegmentationPace();
let output: WritableStreamDefaultWriter<VideoFrame> | null = null;
let input: ReadableStreamDefaultReader<VideoFrame> | null = null;
const planar = new PlanarCompositor();
/** The last camera frame read as YUV planes, and scaled down (see max-width), reused for the next. */
let planes: Planes | null = null;
let reduced: Planes | null = null;

scope.onmessage = (event: MessageEvent<ToSegmenter>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      SegmentationModel.load(message.wasmUrl, message.modelUrl).then(
        (loaded) => {
          model = loaded;
          post({ type: 'ready' });
        },
        (error: unknown) => post({ type: 'failed', reason: error instanceof Error ? error.message : String(error) }),
      );
      return;
    case 'effect':
      if (effect.kind === 'image' && effect !== message.effect) effect.image.close();
      effect = message.effect;
      return;
    case 'max-width':
      maxWidth = message.width;
      return;
    case 'clock':
      // A worker's timers keep their pace while the page's tab is in the background; the page's
      // own are slowed to once a second there (HTML §8.6 timers may be throttled), which would
      // freeze the video others see.
      if (clock) clearInterval(clock);
      pace.reset();
      clock = message.intervalMs === null ? null : setInterval(() => post({ type: 'tick' }), message.intervalMs);
      return;
    case 'frame': {
      const frame = message.frame;
      const processed = model ? process(frame, frame.width, frame.height) : null;
      frame.close();
      if (!processed) return;
      const result = processed.canvas.transferToImageBitmap();
      post({ type: 'frame', frame: result, ...processed.timings }, [result]);
      return;
    }
    case 'output':
      output = message.writable.getWriter();
      return;
    case 'input':
      void input?.cancel();
      input = message.readable?.getReader() ?? null;
      pace.reset();
      if (input) void pump(input);
      return;
  }
};

/** Processes the camera's frames into the output until the camera changes or ends. */
async function pump(reader: ReadableStreamDefaultReader<VideoFrame>): Promise<void> {
  for (;;) {
    const { done, value: frame } = await reader.read().catch(() => ({ done: true as const, value: undefined }));
    if (done) return;
    if (input !== reader) {
      frame.close();
      return;
    }
    const processed = await processVideoFrame(frame).catch(() => null);
    if (!processed) continue;
    if (!output) {
      processed.frame.close();
      continue;
    }
    try {
      await output.write(processed.frame); // the track generator’s sink closes it once used
    } catch {
      processed.frame.close();
      return; // the output track was stopped: the processor is closing
    }
    post({ type: 'processed', ...processed.timings });
  }
}

/**
 * One camera frame with its background replaced, as a new VideoFrame with the same timestamp (so
 * the encoder and the receiver keep the camera's timing); closes `frame`. In the camera's own
 * YUV where it can (PlanarCompositor), else through a canvas.
 */
async function processVideoFrame(frame: VideoFrame): Promise<{ frame: VideoFrame; timings: FrameTimings } | null> {
  const { timestamp, displayWidth } = frame;
  try {
    if (!model) return null;
    if (readablePlanes(frame)) {
      const colorSpace = frame.colorSpace.toJSON();
      planes = await readPlanes(frame, planes);
      frame.close();
      const read = displayWidth > maxWidth ? (reduced = shrinkPlanes(planes, Math.ceil(displayWidth / maxWidth), reduced)) : planes;
      const started = performance.now();
      const segmentationMs = segmentIfDue(started, (due) => due.segmentPlanes(read));
      const composed = planar.compose(read, model.maskValues, model.maskWidth, model.maskHeight, effect);
      const result = new VideoFrame(composed.data, {
        format: 'I420',
        codedWidth: composed.width,
        codedHeight: composed.height,
        timestamp,
        colorSpace,
      });
      return { frame: result, timings: { segmentationMs, totalMs: performance.now() - started } };
    }
    // Converted from the camera's pixels to RGB once here, not in each of the three draws that read it.
    const picture = await createImageBitmap(frame);
    frame.close();
    const processed = process(picture, picture.width, picture.height);
    picture.close();
    if (!processed) return null;
    return { frame: new VideoFrame(processed.canvas, { timestamp }), timings: processed.timings };
  } finally {
    frame.close(); // where it was closed early (to free the camera's buffer), this does nothing
  }
}

/** Runs the model on this frame if its pace says so (see SegmentationPace); the milliseconds it took, 0 if not. */
function segmentIfDue(now: number, segment: (model: SegmentationModel) => void): number {
  if (!model || !pace.due(now)) return 0;
  segment(model);
  const segmentationMs = performance.now() - now;
  pace.segmented(now, segmentationMs);
  return segmentationMs;
}

/** The frame with its background replaced, at most `maxWidth` wide. */
function process(
  frame: CanvasImageSource,
  frameWidth: number,
  frameHeight: number,
): { canvas: OffscreenCanvas; timings: FrameTimings } | null {
  if (!model || frameWidth === 0 || frameHeight === 0) return null;
  const started = performance.now();
  const segmentationMs = segmentIfDue(started, (due) => due.segment(frame));
  const scale = Math.min(1, maxWidth / frameWidth);
  const canvas = compositeBackground(frame, Math.round(frameWidth * scale), Math.round(frameHeight * scale), model.mask, effect);
  return { canvas, timings: { segmentationMs, totalMs: performance.now() - started } };
}
