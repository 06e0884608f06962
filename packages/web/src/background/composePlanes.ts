import type { BackgroundEffect } from './backgroundProtocol.js';
import { BLUR_SCALE, blurRadius } from './blurSize.js';
import { drawCovering } from './compositeBackground.js';
import { blendScaled, boxBlur, type PlaneView } from './planeFilters.js';
import { planesSized, rgbaToPlanes, shrinkPlanes, type Planes } from './yuvPlanes.js';

const SHRINK = Math.round(1 / BLUR_SCALE);

/**
 * The person over the background, composed in the camera's own I420: each plane blended with the
 * model's mask against a blurred copy of itself (shrunk by four and box-blurred; scaled back up
 * in the blend) or the chosen image converted once. The canvas route converts every frame to RGB
 * and back (to draw it, and again for the encoder), which on a browser without a GPU costs more
 * than the model; here the frame is never converted.
 */
export class PlanarCompositor {
  #out: Planes | null = null;
  #small: Planes | null = null;
  #scratch = new Uint8Array(0);
  #image: { source: ImageBitmap; planes: Planes } | null = null;

  /** `frame` with the person kept where `mask` (maskWidth×maskHeight, 0–255) says; the planes returned are reused by the next call. */
  compose(frame: Planes, mask: Uint8Array, maskWidth: number, maskHeight: number, effect: BackgroundEffect): Planes {
    const { width, height, chromaWidth, chromaHeight } = frame;
    const out = (this.#out = planesSized(this.#out, width, height));
    const back =
      effect.kind === 'blur' ? this.#blurred(frame, blurRadius(width, effect.strength)) : this.#imagePlanes(effect.image, width, height);
    const person: PlaneView = { data: mask, width: maskWidth, height: maskHeight };
    blendScaled(frame.y, width, height, person, { data: back.y, width: back.width, height: back.height }, out.y);
    const backChroma = { width: back.chromaWidth, height: back.chromaHeight };
    blendScaled(frame.u, chromaWidth, chromaHeight, person, { data: back.u, ...backChroma }, out.u);
    blendScaled(frame.v, chromaWidth, chromaHeight, person, { data: back.v, ...backChroma }, out.v);
    return out;
  }

  /** `frame` shrunk by four and blurred by a Gaussian of about `radius` pixels of that size. */
  #blurred(frame: Planes, radius: number): Planes {
    const small = (this.#small = shrinkPlanes(frame, SHRINK, this.#small));
    if (this.#scratch.length < small.y.length) this.#scratch = new Uint8Array(small.y.length);
    // The box radius whose three passes give about this standard deviation (σ² = r(r+1)).
    const box = Math.max(1, Math.round((Math.sqrt(1 + 4 * radius * radius) - 1) / 2));
    const chromaBox = Math.max(1, Math.round(box / 2));
    boxBlur(small.y, small.width, small.height, box, this.#scratch);
    boxBlur(small.u, small.chromaWidth, small.chromaHeight, chromaBox, this.#scratch);
    boxBlur(small.v, small.chromaWidth, small.chromaHeight, chromaBox, this.#scratch);
    return small;
  }

  /** The chosen image covering the frame, in I420, converted once per image and size. */
  #imagePlanes(image: ImageBitmap, width: number, height: number): Planes {
    const cached = this.#image;
    if (cached && cached.source === image && cached.planes.width === width && cached.planes.height === height) return cached.planes;
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas in this worker');
    drawCovering(context, image, width, height);
    const planes = planesSized(null, width, height);
    rgbaToPlanes(context.getImageData(0, 0, width, height).data, planes);
    this.#image = { source: image, planes };
    return planes;
  }
}
