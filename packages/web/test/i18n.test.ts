import { ParleyError } from '@parley/client';
import { describe, expect, it } from 'vitest';
import { checkName } from '../src/displayName.js';
import { en } from '../src/i18n/en.js';
import { describeJoinError, describeMediaWarning, mergeMediaWarnings } from '../src/i18n/errors.js';
import { ko } from '../src/i18n/ko.js';
import { format, langFromLocale, translator } from '../src/i18n/translate.js';

// Korean has no letter case, so its strings use {device} where English says {deviceLower}.
const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => (m[1] === 'deviceLower' ? 'device' : m[1])))].sort();

describe('catalogs', () => {
  it('Korean has every English key, translated, with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(ko[key], key).toBeTruthy();
      expect(placeholders(ko[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('picks Korean for any ko locale and English otherwise', () => {
    expect(langFromLocale('ko')).toBe('ko');
    expect(langFromLocale('ko-KR')).toBe('ko');
    expect(langFromLocale('en-US')).toBe('en');
    expect(langFromLocale('kok')).toBe('ko'); // Konkani shares the prefix; harmless, documented here
    expect(langFromLocale(undefined)).toBe('en');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{n} in the meeting', { n: 3 })).toBe('3 in the meeting');
    expect(format('Hi {name}', {})).toBe('Hi {name}');
  });
});

describe('join errors', () => {
  it('keeps the count of a full room in both languages', () => {
    const full = ParleyError.roomFull(6);
    expect(describeJoinError(full, translator(en))).toBe('Room is full (6/6). Try again when someone leaves.');
    expect(describeJoinError(full, translator(ko))).toContain('(6/6)');
  });

  it('explains an unreachable server and falls back to the message for the unknown', () => {
    const down = new ParleyError('signaling-unavailable', 'connect failed');
    expect(describeJoinError(down, translator(en))).toMatch(/Cannot reach the Parley server/);
    expect(describeJoinError(new Error('boom'), translator(en))).toBe('Something went wrong: boom');
  });
});

describe('media warnings', () => {
  const denied = (device: string) => new ParleyError('media-permission-denied', 'x', { details: { device } });

  it('names the device and says what to do', () => {
    expect(describeMediaWarning(denied('camera'), translator(en))).toMatch(/^Camera access is blocked\. Allow it/);
    expect(describeMediaWarning(new ParleyError('media-not-found', 'x', { details: { device: 'microphone' } }), translator(en))).toBe(
      'No microphone found. Connect one and press Try again, or join without it.',
    );
  });

  it('merges the same problem on both devices into one sentence', () => {
    const merged = mergeMediaWarnings([denied('camera'), denied('microphone')]);
    expect(merged).toHaveLength(1);
    expect(describeMediaWarning(merged[0]!, translator(en))).toMatch(/^Camera and microphone access is blocked/);
    const missing = mergeMediaWarnings([
      new ParleyError('media-not-found', 'x', { details: { device: 'camera' } }),
      new ParleyError('media-not-found', 'x', { details: { device: 'microphone' } }),
    ]);
    expect(describeMediaWarning(missing[0]!, translator(en))).toMatch(/^No camera or microphone found/);
  });
});

describe('display names', () => {
  it('follows the server rules', () => {
    expect(checkName('  Ada ')).toBeNull();
    expect(checkName('   ')).toBe('required');
    expect(checkName('x'.repeat(65))).toBe('too-long');
    expect(checkName('evil\u202Eeman')).toBe('invalid');
    expect(checkName('<b>Linus</b>')).toBeNull(); // rendered as text, so markup is harmless
  });
});
