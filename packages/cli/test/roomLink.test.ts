import { describe, expect, it } from 'vitest';
import { CliError, EXIT } from '../src/errors.js';
import { parseServerUrl } from '../src/load/serverUrl.js';
import { parseRoomLink } from '../src/roomLink.js';

describe('room links', () => {
  it.each([
    ['http://localhost:3000/r/standup', 'http://localhost:3000', 'standup'],
    ['https://192.168.1.23:3000/r/Team_42-x', 'https://192.168.1.23:3000', 'Team_42-x'],
    ['https://meet.example.org/r/abc/', 'https://meet.example.org', 'abc'],
    ['https://meet.example.org/r/abc?name=Ada#x', 'https://meet.example.org', 'abc'],
    ['  HTTPS://MEET.example.org:443/r/abc  ', 'https://meet.example.org', 'abc'],
    ['http://[::1]:3000/r/v6', 'http://[::1]:3000', 'v6'],
  ])('reads %s', (text, serverUrl, roomId) => {
    expect(parseRoomLink(text)).toEqual({ serverUrl, roomId });
  });

  it.each([
    ['standup', /not a link/],
    ['ftp://host/r/abc', /is a ftp link/],
    ['ws://host/r/abc', /is a ws link/],
    ['https://host/', /does not point at a room/],
    ['https://host/r/', /does not point at a room/],
    ['https://host/r/a/b', /does not point at a room/],
    ['https://host/room/abc', /does not point at a room/],
    ['https://host/r/has%20space', /not a valid room id/],
    ['https://host/r/%E0%A4%A', /broken room id/],
    [`https://host/r/${'x'.repeat(65)}`, /not a valid room id/],
    ['https://ada:secret@host/r/abc', /user name or password/],
  ])('refuses %s with a usage error that shows the expected form', (text, message) => {
    const error = (() => {
      try {
        parseRoomLink(text, 'send');
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT.usage);
    expect((error as CliError).message).toMatch(message);
    expect((error as CliError).message).toMatch(/parley send --help/);
  });

  it('parley load takes any URL of the server and keeps its origin', () => {
    expect(parseServerUrl('http://127.0.0.1:3000', 'load')).toBe('http://127.0.0.1:3000');
    expect(parseServerUrl('https://meet.example.org/r/abc', 'load')).toBe('https://meet.example.org');
    expect(() => parseServerUrl('127.0.0.1:3000', 'load')).toThrow(/is not a URL: expected the server's address/);
    expect(() => parseServerUrl('ws://127.0.0.1:3000', 'load')).toThrow(/expected http:\/\/ or https:\/\//);
  });
});
