import { describe, expect, it } from 'vitest';
import { NO_BACKGROUND, parseBackgroundChoice } from '../src/background/backgroundChoice.js';

describe('the remembered background choice', () => {
  it('reads back what was stored', () => {
    expect(parseBackgroundChoice(JSON.stringify({ mode: 'blur', strength: 'strong', image: 'meadow' }))).toEqual({
      mode: 'blur',
      strength: 'strong',
      image: 'meadow',
    });
  });

  it('starts with the first built-in image where the person’s own was chosen (it is kept for the visit only)', () => {
    expect(parseBackgroundChoice(JSON.stringify({ mode: 'image', strength: 'light', image: 'own' }))).toEqual({
      mode: 'image',
      strength: 'light',
      image: 'dusk',
    });
  });

  it('falls back to no effect on anything else', () => {
    for (const stored of [null, '', 'not json', '42', JSON.stringify({ mode: 'sparkles' }), JSON.stringify(null)]) {
      expect(parseBackgroundChoice(stored).mode, String(stored)).toBe('none');
    }
    expect(parseBackgroundChoice(JSON.stringify({ mode: 'blur', strength: 'huge' })).strength).toBe('light');
    expect(parseBackgroundChoice(null)).toEqual(NO_BACKGROUND);
  });
});
