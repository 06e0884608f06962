import { describe, expect, it } from 'vitest';
import { callTitle } from '../src/hooks/useCallTitle.js';

describe('the tab title in a call', () => {
  it('names the room, says muted, and counts what happened while the tab was in the background', () => {
    expect(callTitle('kfm4-x7qp-2hdt-c9wn', null, 0)).toBe('kfm4-x7qp-2hdt-c9wn — Parley');
    expect(callTitle('standup', 'Muted', 0)).toBe('Muted · standup — Parley');
    expect(callTitle('standup', '음소거', 3)).toBe('(3) 음소거 · standup — Parley');
  });
});
