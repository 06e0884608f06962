import { describe, expect, it } from 'vitest';
import { parseMeetingInput } from '../src/meetingInput.js';
import { parseRoute, roomPath } from '../src/routes.js';

describe('parseMeetingInput', () => {
  it.each([
    ['https://meet.example.com/r/AbC_12-x', 'AbC_12-x'],
    ['http://localhost:3000/r/standup/', 'standup'],
    ['https://meet.example.com/r/standup?name=Ada#top', 'standup'],
    ['  /r/standup  ', 'standup'],
    ['r/standup', 'standup'],
    ['standup', 'standup'],
    ['x'.repeat(64), 'x'.repeat(64)],
    ['kfm4-x7qp-2hdt-c9wn', 'kfm4-x7qp-2hdt-c9wn'],
    // A code read out and typed: upper case, spaces, no dashes.
    ['KFM4 X7QP 2HDT C9WN', 'kfm4-x7qp-2hdt-c9wn'],
    ['kfm4x7qp2hdtc9wn', 'kfm4-x7qp-2hdt-c9wn'],
    // Not a meeting code (an l and a 1 are never in one): kept as the room id it is.
    ['Standup-Team-2024', 'Standup-Team-2024'],
  ])('accepts %j as room %j', (input, roomId) => {
    expect(parseMeetingInput(input)).toEqual({ ok: true, roomId });
  });

  it.each(['hello world', 'x'.repeat(65), 'https://example.com/r/bad%20id', 'https://example.com/other', '<script>'])(
    'rejects %j',
    (input) => {
      expect(parseMeetingInput(input)).toEqual({ ok: false, reason: 'invalid' });
    },
  );

  it('says an empty input is empty, not invalid', () => {
    expect(parseMeetingInput('   ')).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('parseRoute', () => {
  it('routes home, rooms and unknown paths', () => {
    expect(parseRoute('/', '')).toEqual({ name: 'home' });
    expect(parseRoute('/nope', '')).toEqual({ name: 'not-found' });
    expect(parseRoute('/r/a/b', '')).toEqual({ name: 'not-found' });
  });

  it('reads the room id and the query', () => {
    const route = parseRoute('/r/standup/', '?name=Ada');
    expect(route).toMatchObject({ name: 'room', roomId: 'standup', valid: true });
    expect(route.name === 'room' && route.query.get('name')).toBe('Ada');
  });

  it('marks ids outside the pattern invalid instead of dropping them', () => {
    expect(parseRoute('/r/bad%20id!', '')).toMatchObject({ name: 'room', roomId: 'bad id!', valid: false });
    expect(parseRoute('/r/', '')).toMatchObject({ name: 'room', roomId: '', valid: false });
    expect(parseRoute('/r/%E0%A4%A', '')).toMatchObject({ name: 'room', valid: false });
  });

  it('builds links that round-trip', () => {
    expect(parseRoute(roomPath('a_B-9'), '')).toMatchObject({ roomId: 'a_B-9', valid: true });
  });
});
