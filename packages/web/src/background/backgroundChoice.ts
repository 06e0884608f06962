import { BUILT_IN_BACKGROUNDS, type BuiltInBackground } from './builtInBackgrounds.js';
import type { BlurStrength } from './backgroundProtocol.js';

/** What the person picked: no effect, a blur, or an image (built in, or their own for this visit). */
export interface BackgroundChoice {
  mode: 'none' | 'blur' | 'image';
  strength: BlurStrength;
  image: BuiltInBackground | 'own';
}

export const NO_BACKGROUND: BackgroundChoice = { mode: 'none', strength: 'light', image: 'dusk' };

/**
 * The remembered choice, from localStorage (JSON). Anything unknown falls back to no effect; the
 * person's own image is kept for the visit only (it stays on the device, and storage is small), so
 * a remembered `own` becomes the first built-in image.
 */
export function parseBackgroundChoice(stored: string | null): BackgroundChoice {
  if (!stored) return NO_BACKGROUND;
  try {
    const value = JSON.parse(stored) as Partial<Record<keyof BackgroundChoice, unknown>>;
    const mode = value.mode === 'blur' || value.mode === 'image' ? value.mode : 'none';
    const strength = value.strength === 'strong' ? 'strong' : 'light';
    const image = BUILT_IN_BACKGROUNDS.find((name) => name === value.image) ?? BUILT_IN_BACKGROUNDS[0];
    return { mode, strength, image };
  } catch {
    return NO_BACKGROUND;
  }
}
