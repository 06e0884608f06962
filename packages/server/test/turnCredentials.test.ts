import { describe, expect, it } from 'vitest';
import { mintTurnCredentials, turnPassword } from '../src/turn/credentials.js';
import { IceServerProvider } from '../src/turn/IceServerProvider.js';

// Known answers computed independently with OpenSSL, e.g.
//   printf '%s' '1700000300:AbCdEfGhIjKl' | openssl dgst -sha1 -hmac 'north-by-northwest-0123' -binary | base64
const VECTORS = [
  { secret: 'north-by-northwest-0123', username: '1700000300:AbCdEfGhIjKl', password: '6ejmHGqP6BCPBtk+peQY3uRL/5Y=' },
  { secret: '0123456789abcdef0123456789abcdef', username: '1700000000:parley-doctor', password: 'X/H2M3NTHX06VL3tIMvWvm2amHU=' },
  { secret: 'secret', username: '1433895918:user', password: 'duY86vsmGEXM+Ma7pGS//SXJIv0=' },
];

describe('TURN REST credentials', () => {
  it.each(VECTORS)('password for $username is base64 HMAC-SHA1 with the secret', ({ secret, username, password }) => {
    expect(turnPassword(secret, username)).toBe(password);
  });

  it('mints username expiry:participant with the TTL added to the clock, in seconds', () => {
    const minted = mintTurnCredentials('north-by-northwest-0123', 'AbCdEfGhIjKl', 300, 1_700_000_000_999);
    expect(minted).toEqual({
      username: '1700000300:AbCdEfGhIjKl',
      credential: '6ejmHGqP6BCPBtk+peQY3uRL/5Y=',
      expiresAt: 1_700_000_300,
    });
  });

  it('refuses a user containing the separator and an empty secret', () => {
    expect(() => mintTurnCredentials('x'.repeat(16), 'a:b', 300)).toThrow(/":"/);
    expect(() => mintTurnCredentials('', 'ab', 300)).toThrow(/empty/);
  });
});

describe('IceServerProvider', () => {
  const now = () => 1_700_000_000_000;
  const settings = {
    stunUrls: ['stun:stun.example.org:3478'],
    turnUrls: ['turn:turn.example.org:3478?transport=udp', 'turn:turn.example.org:3478?transport=tcp'],
    turnSecret: 'north-by-northwest-0123',
    turnTtl: 300,
    iceTransportPolicy: 'all' as const,
  };

  it('gives each participant their own credentials, never the secret, with the TTL', () => {
    const provider = new IceServerProvider(settings, now);
    const config = provider.forParticipant('AbCdEfGhIjKl');
    expect(config).toEqual({
      iceServers: [
        { urls: ['stun:stun.example.org:3478'] },
        {
          urls: settings.turnUrls,
          username: '1700000300:AbCdEfGhIjKl',
          credential: '6ejmHGqP6BCPBtk+peQY3uRL/5Y=',
        },
      ],
      iceTransportPolicy: 'all',
      ttlSeconds: 300,
    });
    expect(JSON.stringify(config)).not.toContain(settings.turnSecret);
    expect(provider.forParticipant('ZzZzZzZzZzZz').iceServers[1]?.username).toBe('1700000300:ZzZzZzZzZzZz');
  });

  it('in relay mode hands out no STUN server (it would reveal the address TURN hides)', () => {
    const config = new IceServerProvider({ ...settings, iceTransportPolicy: 'relay' }, now).forParticipant('AbCdEfGhIjKl');
    expect(config.iceTransportPolicy).toBe('relay');
    expect(config.iceServers.map((s) => s.urls)).toEqual([settings.turnUrls]);
  });

  it('without TURN hands out STUN only and no expiry', () => {
    const config = new IceServerProvider({ ...settings, turnUrls: [], turnSecret: undefined }, now).forParticipant('AbCdEfGhIjKl');
    expect(config).toEqual({ iceServers: [{ urls: ['stun:stun.example.org:3478'] }], iceTransportPolicy: 'all' });
  });
});
