import type { Locator } from '@playwright/test';

/** A part of the picture, as shares of its width and height. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RegionLook {
  /** Variance of the luma's Laplacian: high where there is fine detail, near zero where blurred or flat. */
  sharpness: number;
  /** Mean luma, 0–255. */
  luma: number;
  /** Mean colour, 0–255 each. */
  rgb: [number, number, number];
}

/**
 * What `video` shows now in each region, read back from a canvas the size of the video: how
 * sharp (the Laplacian's variance, the usual measure of focus) and how bright and what colour.
 */
export async function lookAt(video: Locator, regions: readonly Region[]): Promise<RegionLook[]> {
  return video.evaluate((element: HTMLVideoElement, boxes: Region[]) => {
    const canvas = document.createElement('canvas');
    canvas.width = element.videoWidth;
    canvas.height = element.videoHeight;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context || canvas.width === 0) throw new Error('the video shows nothing yet');
    context.drawImage(element, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const luma = (x: number, y: number) => {
      const i = (y * canvas.width + x) * 4;
      return 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
    };
    return boxes.map((box) => {
      const x0 = Math.max(1, Math.round(box.x * canvas.width));
      const y0 = Math.max(1, Math.round(box.y * canvas.height));
      const x1 = Math.min(canvas.width - 1, Math.round((box.x + box.width) * canvas.width));
      const y1 = Math.min(canvas.height - 1, Math.round((box.y + box.height) * canvas.height));
      let sum = 0;
      let squares = 0;
      let lumaSum = 0;
      const rgb: [number, number, number] = [0, 0, 0];
      let count = 0;
      for (let y = y0; y < y1; y += 1) {
        for (let x = x0; x < x1; x += 1) {
          const laplacian = luma(x - 1, y) + luma(x + 1, y) + luma(x, y - 1) + luma(x, y + 1) - 4 * luma(x, y);
          sum += laplacian;
          squares += laplacian * laplacian;
          lumaSum += luma(x, y);
          const i = (y * canvas.width + x) * 4;
          rgb[0] += data[i]!;
          rgb[1] += data[i + 1]!;
          rgb[2] += data[i + 2]!;
          count += 1;
        }
      }
      const mean = sum / count;
      return {
        sharpness: Math.round(squares / count - mean * mean),
        luma: Math.round(lumaSum / count),
        rgb: rgb.map((channel) => Math.round(channel / count)) as [number, number, number],
      };
    });
  }, regions as Region[]);
}
