import { open } from 'node:fs/promises';

export interface PersonVideo {
  path: string;
  width: number;
  height: number;
  /** Where the person is, as shares of the frame: a box well inside the head and chest. */
  person: { x: number; y: number; width: number; height: number };
  /** Where only background is, as shares of the frame: the top corners. */
  background: Array<{ x: number; y: number; width: number; height: number }>;
}

const WIDTH = 320;
const HEIGHT = 180;
const FPS = 15;
const FRAMES = 30;

/**
 * A camera that films a person in front of a busy wall, for Chromium's
 * `--use-file-for-fake-video-capture` (Y4M, 4:2:0; the file loops): a head and shoulders in skin
 * and shirt tones, both finely textured, swaying a pixel or two, over a wall of small
 * high-contrast tiles. Sharpness (the Laplacian's variance) is high everywhere, so a blur shows
 * where it is applied; the segmentation model takes the figure for a person.
 */
export async function makePersonVideo(path: string): Promise<PersonVideo> {
  const file = await open(path, 'w');
  try {
    await file.write(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F${FPS}:1 Ip A1:1 C420jpeg\n`);
    for (let index = 0; index < FRAMES; index += 1) {
      const sway = Math.round(2 * Math.sin((2 * Math.PI * index) / FRAMES));
      await file.write('FRAME\n');
      await file.write(frameYuv(sway));
    }
  } finally {
    await file.close();
  }
  return {
    path,
    width: WIDTH,
    height: HEIGHT,
    person: { x: 0.42, y: 0.3, width: 0.16, height: 0.55 },
    background: [
      { x: 0.02, y: 0.04, width: 0.18, height: 0.3 },
      { x: 0.8, y: 0.04, width: 0.18, height: 0.3 },
    ],
  };
}

type Rgb = readonly [number, number, number];
const SKIN: Rgb = [224, 172, 140];
const SHIRT: Rgb = [52, 84, 148];
const HAIR: Rgb = [60, 40, 30];

/** The colour at (x, y): wall tiles, or the figure (hair, face, neck, shoulders) with its texture. */
function pixel(x: number, y: number, sway: number): Rgb {
  const cx = WIDTH / 2 + sway;
  const headY = HEIGHT * 0.36;
  const inHead = ((x - cx) / 26) ** 2 + ((y - headY) / 33) ** 2 <= 1;
  const inHair = inHead && y < headY - 18;
  const inNeck = Math.abs(x - cx) < 10 && y > headY && y < HEIGHT * 0.62;
  const shouldersTop = HEIGHT * 0.6;
  const halfWidth = 70 - Math.max(0, shouldersTop + 25 - y);
  const inShoulders = y >= shouldersTop && Math.abs(x - cx) <= Math.max(20, halfWidth);
  // Fine texture on the figure (a 2-pixel check), so its sharpness can be told from a blurred one.
  const check = ((x + y) >> 1) & 1 ? 14 : -14;
  const shade = (color: Rgb): Rgb => [color[0] + check, color[1] + check, color[2] + check];
  if (inHair) return shade(HAIR);
  if (inHead || inNeck) return shade(SKIN);
  if (inShoulders) return shade(SHIRT);
  // The wall: 6-pixel tiles in four contrasting greys and greens.
  const tile = ((x / 6) | 0) * 7 + ((y / 6) | 0) * 13;
  const tones: Rgb[] = [
    [40, 60, 40],
    [200, 210, 190],
    [110, 150, 100],
    [230, 230, 220],
  ];
  return tones[tile % 4]!;
}

/** One frame as Y4M 4:2:0 (BT.601 full range, as C420jpeg says). */
function frameYuv(sway: number): Buffer {
  const luma = Buffer.alloc(WIDTH * HEIGHT);
  const chromaWidth = WIDTH / 2;
  const u = Buffer.alloc((WIDTH * HEIGHT) / 4);
  const v = Buffer.alloc((WIDTH * HEIGHT) / 4);
  const clamp = (value: number) => Math.max(0, Math.min(255, Math.round(value)));
  for (let y = 0; y < HEIGHT; y += 1) {
    for (let x = 0; x < WIDTH; x += 1) {
      const [r, g, b] = pixel(x, y, sway);
      luma[y * WIDTH + x] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
      if (x % 2 === 0 && y % 2 === 0) {
        const at = (y / 2) * chromaWidth + x / 2;
        u[at] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
        v[at] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
      }
    }
  }
  return Buffer.concat([luma, u, v]);
}
