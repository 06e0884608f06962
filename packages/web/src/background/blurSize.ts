import type { BlurStrength } from './backgroundProtocol.js';

/** Blur radius as a share of the frame's width, so a phone's small frame is blurred as much as a laptop's. */
const BLUR_SHARE = { light: 1 / 80, strong: 1 / 30 } as const;
/**
 * The background is blurred at a quarter of the frame's width and scaled back up: a blur keeps
 * no detail finer than its radius, so nothing is lost, and the filter costs a sixteenth.
 */
export const BLUR_SCALE = 1 / 4;

/** The blur's radius (a Gaussian's standard deviation) in pixels of the frame shrunk by BLUR_SCALE. */
export function blurRadius(frameWidth: number, strength: BlurStrength): number {
  return Math.max(1, Math.round(frameWidth * BLUR_SHARE[strength] * BLUR_SCALE));
}
