import { describe, expect, it } from 'vitest';
import { MEETING_CODE_PATTERN, ROOM_ID_PATTERN, makeMeetingCode, readMeetingCode } from '../src/index.js';

describe('meeting codes', () => {
  it('are four groups of four readable symbols, inside the link pattern', () => {
    const code = makeMeetingCode((count) => crypto.getRandomValues(new Uint8Array(count)));
    expect(code).toMatch(MEETING_CODE_PATTERN);
    expect(code).toMatch(ROOM_ID_PATTERN);
    expect(code).not.toMatch(/[01ilou]/);
  });

  it('skip the bytes a modulo would favour', () => {
    // 240..255 would map to the first 16 symbols a second time; they are skipped.
    let calls = 0;
    const code = makeMeetingCode((count) => (calls++ === 0 ? new Uint8Array(count).fill(250) : new Uint8Array(count).fill(1)));
    expect(code).toBe('3333-3333-3333-3333');
    expect(calls).toBe(2);
  });

  it('read what a person typed, in any case and grouping, and refuse what is not one', () => {
    expect(readMeetingCode('kfm4-x7qp-2hdt-c9wn')).toBe('kfm4-x7qp-2hdt-c9wn');
    expect(readMeetingCode(' KFM4 x7qp-2HDT  c9wn ')).toBe('kfm4-x7qp-2hdt-c9wn');
    expect(readMeetingCode('kfm4-x7qp-2hdt-c9w')).toBeNull();
    expect(readMeetingCode('kfm4-x7qp-2hdt-c9wl')).toBeNull();
    expect(readMeetingCode('standup')).toBeNull();
  });
});
