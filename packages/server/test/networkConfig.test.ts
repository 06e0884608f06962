import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { parseIceUrl } from '../src/turn/iceUrls.js';

const SECRET = '0123456789abcdef0123456789abcdef';

function problems(env: NodeJS.ProcessEnv, argv: string[] = []): string {
  try {
    loadConfig(env, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseIceUrl (RFC 7064, RFC 7065)', () => {
  it.each([
    ['stun:stun.example.org', { scheme: 'stun', host: 'stun.example.org', port: 3478, transport: 'udp' }],
    ['stuns:stun.example.org', { scheme: 'stuns', port: 5349, transport: 'tls' }],
    ['turn:203.0.113.7:3479?transport=tcp', { scheme: 'turn', host: '203.0.113.7', port: 3479, transport: 'tcp', explicitTransport: true }],
    ['turn:turn.example.org', { transport: 'udp', explicitTransport: false }],
    ['turns:turn.example.org:443?transport=tcp', { scheme: 'turns', port: 443, transport: 'tls' }],
    ['turn:[2001:db8::1]:3478', { host: '2001:db8::1', port: 3478 }],
  ])('parses %s', (url, expected) => {
    expect(parseIceUrl(url)).toMatchObject(expected);
  });

  it.each([
    ['http://x', /no "\/\/"/],
    ['turn://turn.example.org', /no "\/\/"/],
    ['turn.example.org:3478', /must start with stun:, stuns:, turn: or turns:/],
    ['turn:host:99999', /out of range/],
    ['stun:host?transport=udp', /only for turn:/],
    ['turns:host?transport=udp', /TLS/],
    ['turn:host:3478?transport=sctp', /expected scheme:host/],
    ['turn:', /expected scheme:host/],
  ])('refuses %s with a message that says what to write', (url, message) => {
    expect(() => parseIceUrl(url)).toThrow(message);
  });
});

describe('network configuration', () => {
  it('reads STUN, TURN, secret, TTL and policy from the environment, comma or space separated', () => {
    const config = loadConfig(
      {
        PARLEY_STUN_URLS: 'stun:stun.example.org:3478',
        PARLEY_TURN_URLS: 'turn:turn.example.org:3478?transport=udp, turn:turn.example.org:3478?transport=tcp',
        PARLEY_TURN_SECRET: SECRET,
        PARLEY_TURN_TTL: '600',
        PARLEY_ICE_TRANSPORT_POLICY: 'relay',
      },
      [],
    );
    expect(config).toMatchObject({
      stunUrls: ['stun:stun.example.org:3478'],
      turnUrls: ['turn:turn.example.org:3478?transport=udp', 'turn:turn.example.org:3478?transport=tcp'],
      turnSecret: SECRET,
      turnTtl: 600,
      iceTransportPolicy: 'relay',
    });
  });

  it('takes the same settings as flags, which win', () => {
    const config = loadConfig({ PARLEY_TURN_TTL: '600' }, [
      '--turn-urls',
      'turn:127.0.0.1:3478',
      '--turn-secret',
      SECRET,
      '--turn-ttl',
      '120',
      '--ice-transport-policy',
      'relay',
      '--stun-urls',
      'stun:127.0.0.1:3478',
    ]);
    expect(config).toMatchObject({
      turnUrls: ['turn:127.0.0.1:3478'],
      turnTtl: 120,
      iceTransportPolicy: 'relay',
      stunUrls: ['stun:127.0.0.1:3478'],
    });
  });

  it('defaults: no ICE servers, TTL 300 s, policy all, plain HTTP, data in ./.parley', () => {
    const config = loadConfig({}, []);
    expect(config).toMatchObject({ stunUrls: [], turnUrls: [], turnTtl: 300, iceTransportPolicy: 'all', https: false });
    expect(config.turnSecret).toBeUndefined();
    expect(config.dataDir).toMatch(/[/\\]\.parley$/);
  });

  it('a bad TURN URL stops the start with the variable named and the right form shown', () => {
    const message = problems({ PARLEY_TURN_URLS: 'http://x', PARLEY_TURN_SECRET: SECRET });
    expect(message).toContain('PARLEY_TURN_URLS');
    expect(message).toContain('"http://x" is not a STUN/TURN URL');
    expect(message).toContain('turn:host:3478?transport=udp');
  });

  it('a TURN URL in the STUN list (and the reverse) is refused', () => {
    expect(problems({ PARLEY_STUN_URLS: 'turn:x' })).toMatch(/PARLEY_STUN_URLS.*turn: URL; this list takes stun: or stuns:/);
    expect(problems({ PARLEY_TURN_URLS: 'stun:x', PARLEY_TURN_SECRET: SECRET })).toMatch(/PARLEY_TURN_URLS.*takes turn: or turns:/);
  });

  it('TURN URLs need the shared secret, of at least 16 characters', () => {
    expect(problems({ PARLEY_TURN_URLS: 'turn:x' })).toMatch(/PARLEY_TURN_SECRET.*required when TURN URLs are set/);
    expect(problems({ PARLEY_TURN_URLS: 'turn:x', PARLEY_TURN_SECRET: 'short' })).toMatch(/PARLEY_TURN_SECRET.*at least 16 characters/);
  });

  it('relay policy needs a TURN server; unknown policies and TTLs out of range are refused', () => {
    expect(problems({ PARLEY_ICE_TRANSPORT_POLICY: 'relay' })).toMatch(/PARLEY_ICE_TRANSPORT_POLICY.*needs a TURN server/);
    expect(problems({ PARLEY_ICE_TRANSPORT_POLICY: 'hidden' })).toMatch(/iceTransportPolicy/);
    expect(problems({ PARLEY_TURN_TTL: '5' })).toMatch(/PARLEY_TURN_TTL/);
    expect(problems({ PARLEY_TURN_TTL: 'soon' })).toMatch(/PARLEY_TURN_TTL/);
  });
});

describe('HTTPS configuration', () => {
  it('--https or PARLEY_HTTPS=1 serves TLS and listens on the network unless HOST is given', () => {
    expect(loadConfig({}, ['--https'])).toMatchObject({ https: true, host: '0.0.0.0' });
    expect(loadConfig({ PARLEY_HTTPS: '1' }, [])).toMatchObject({ https: true, host: '0.0.0.0' });
    expect(loadConfig({ PARLEY_HTTPS: 'true', HOST: '127.0.0.1' }, [])).toMatchObject({ https: true, host: '127.0.0.1' });
    expect(loadConfig({ PARLEY_HTTPS: '0' }, [])).toMatchObject({ https: false, host: 'localhost' });
  });

  it('a certificate and key imply HTTPS; one without the other is refused', () => {
    expect(loadConfig({ PARLEY_TLS_CERT: '/etc/c.pem', PARLEY_TLS_KEY: '/etc/k.pem' }, [])).toMatchObject({
      https: true,
      tlsCert: '/etc/c.pem',
    });
    expect(problems({ PARLEY_TLS_CERT: '/etc/c.pem' })).toMatch(/tlsKey \(PARLEY_TLS_KEY, --tls-key\): give both/);
  });

  it('refuses a non-boolean PARLEY_HTTPS and a public URL that is not http(s)', () => {
    expect(problems({ PARLEY_HTTPS: 'maybe' })).toMatch(/PARLEY_HTTPS/);
    expect(problems({ PARLEY_PUBLIC_URL: 'ftp://meet.example.org' })).toMatch(/PARLEY_PUBLIC_URL.*http:\/\/ or https:\/\//);
    expect(loadConfig({ PARLEY_PUBLIC_URL: 'https://meet.example.org' }, []).publicUrl).toBe('https://meet.example.org');
  });

  it('PARLEY_DATA_DIR and --data-dir choose where the certificate is kept', () => {
    expect(loadConfig({ PARLEY_DATA_DIR: '/var/lib/parley' }, []).dataDir).toBe('/var/lib/parley');
    expect(loadConfig({}, ['--data-dir', '/srv/parley']).dataDir).toBe('/srv/parley');
  });
});
