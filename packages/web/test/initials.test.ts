import { describe, expect, it } from 'vitest';
import { initials } from '../src/components/initials.js';

describe('initials for the avatar of a camera that is off', () => {
  it('takes the first letters of the first and last word', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('  grace  brewster murray hopper ')).toBe('GH');
    expect(initials('Ada')).toBe('A');
  });

  it('keeps whole graphemes (Hangul syllables, emoji) and never returns nothing', () => {
    expect(initials('김 민준')).toBe('김민');
    expect(initials('👩🏽‍💻 Dev')).toBe('👩🏽‍💻D');
    expect(initials('   ')).toBe('?');
  });
});
