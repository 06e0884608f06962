import type { BackgroundEffect } from './backgroundProtocol.js';
import { BLUR_SCALE, blurRadius } from './blurSize.js';

let output: OffscreenCanvas | null = null;
let blurred: OffscreenCanvas | null = null;

/**
 * The person (where `mask` is opaque) over the background `effect` asks for, drawn at
 * `width`×`height` (the frame's size, or smaller for a device that cannot keep up).
 * Canvas 2D compositing (HTML §4.12.5.1.14): the mask is drawn (scaled up from the model's
 * 256×144 with smoothing, so its edge fades over a few pixels rather than steps), the frame kept
 * only inside it (`source-in`), the background drawn behind (`destination-over`). The canvas
 * returned is reused by the next call.
 */
export function compositeBackground(
  frame: CanvasImageSource,
  width: number,
  height: number,
  mask: OffscreenCanvas,
  effect: BackgroundEffect,
): OffscreenCanvas {
  output = sized(output, width, height);
  const context = context2d(output);
  context.globalCompositeOperation = 'copy';
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'low';
  context.drawImage(mask, 0, 0, width, height);
  context.globalCompositeOperation = 'source-in';
  context.drawImage(frame, 0, 0, width, height);
  context.globalCompositeOperation = 'destination-over';
  if (effect.kind === 'blur') {
    const small = blurredBackground(frame, width, height, blurRadius(width, effect.strength));
    context.drawImage(small, 0, 0, width, height);
  } else {
    drawCovering(context, effect.image, width, height);
  }
  context.globalCompositeOperation = 'source-over';
  return output;
}

/** `frame` at BLUR_SCALE of `width`×`height`, blurred by `radius` pixels of that size. */
function blurredBackground(frame: CanvasImageSource, frameWidth: number, frameHeight: number, radius: number): OffscreenCanvas {
  const width = Math.max(1, Math.round(frameWidth * BLUR_SCALE));
  const height = Math.max(1, Math.round(frameHeight * BLUR_SCALE));
  blurred = sized(blurred, width, height);
  const context = context2d(blurred);
  // Drawn a little larger than the canvas, so the blur does not darken the edges with transparent pixels around them.
  const margin = radius * 2;
  context.filter = `blur(${radius}px)`;
  context.drawImage(frame, -margin, -margin, width + 2 * margin, height + 2 * margin);
  context.filter = 'none';
  return blurred;
}

/** Draws `image` over the whole canvas, cropped to its shape (CSS `object-fit: cover`). */
export function drawCovering(context: OffscreenCanvasRenderingContext2D, image: ImageBitmap, width: number, height: number): void {
  const scale = Math.max(width / image.width, height / image.height);
  const drawnWidth = image.width * scale;
  const drawnHeight = image.height * scale;
  context.drawImage(image, (width - drawnWidth) / 2, (height - drawnHeight) / 2, drawnWidth, drawnHeight);
}

function sized(canvas: OffscreenCanvas | null, width: number, height: number): OffscreenCanvas {
  if (canvas && canvas.width === width && canvas.height === height) return canvas;
  return new OffscreenCanvas(width, height);
}

function context2d(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas in this worker');
  return context;
}
