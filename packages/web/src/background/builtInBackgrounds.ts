/**
 * The built-in background images, painted on the device (nothing to download, nothing to host):
 * calm, low-detail scenes, so the person stands out and the encoder spends its bits on them.
 */
export const BUILT_IN_BACKGROUNDS = ['dusk', 'meadow', 'studio'] as const;
export type BuiltInBackground = (typeof BUILT_IN_BACKGROUNDS)[number];

const WIDTH = 1280;
const HEIGHT = 720;

type Painter = (context: OffscreenCanvasRenderingContext2D) => void;

const PAINTERS: Record<BuiltInBackground, Painter> = {
  dusk: (context) => {
    const sky = context.createLinearGradient(0, 0, 0, HEIGHT);
    sky.addColorStop(0, '#2b2d5c');
    sky.addColorStop(0.55, '#b0567a');
    sky.addColorStop(1, '#f4a261');
    context.fillStyle = sky;
    context.fillRect(0, 0, WIDTH, HEIGHT);
    const sun = context.createRadialGradient(WIDTH * 0.7, HEIGHT * 0.78, 10, WIDTH * 0.7, HEIGHT * 0.78, 260);
    sun.addColorStop(0, 'rgba(255, 236, 179, 0.95)');
    sun.addColorStop(1, 'rgba(255, 236, 179, 0)');
    context.fillStyle = sun;
    context.fillRect(0, 0, WIDTH, HEIGHT);
  },
  meadow: (context) => {
    const sky = context.createLinearGradient(0, 0, 0, HEIGHT * 0.6);
    sky.addColorStop(0, '#7fb7e6');
    sky.addColorStop(1, '#d6ecf7');
    context.fillStyle = sky;
    context.fillRect(0, 0, WIDTH, HEIGHT);
    for (const [top, color] of [
      [0.55, '#8dbb6a'],
      [0.68, '#6a9a4d'],
      [0.8, '#4f7d3a'],
    ] as const) {
      context.fillStyle = color;
      context.beginPath();
      context.moveTo(0, HEIGHT);
      context.lineTo(0, HEIGHT * top);
      context.bezierCurveTo(WIDTH * 0.3, HEIGHT * (top - 0.12), WIDTH * 0.6, HEIGHT * (top + 0.08), WIDTH, HEIGHT * (top - 0.04));
      context.lineTo(WIDTH, HEIGHT);
      context.fill();
    }
  },
  studio: (context) => {
    const light = context.createRadialGradient(WIDTH / 2, HEIGHT * 0.4, 50, WIDTH / 2, HEIGHT * 0.4, WIDTH * 0.75);
    light.addColorStop(0, '#5d6470');
    light.addColorStop(1, '#1c1f24');
    context.fillStyle = light;
    context.fillRect(0, 0, WIDTH, HEIGHT);
  },
};

/** The built-in background `name`, as a new ImageBitmap (the caller hands it over to the worker). */
export function paintBackground(name: BuiltInBackground): Promise<ImageBitmap> {
  const canvas = new OffscreenCanvas(WIDTH, HEIGHT);
  const context = canvas.getContext('2d');
  if (!context) return Promise.reject(new Error('no 2D canvas'));
  PAINTERS[name](context);
  return Promise.resolve(canvas.transferToImageBitmap());
}
