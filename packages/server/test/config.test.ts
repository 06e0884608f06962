import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('defaults to localhost:3000 with 6 per room', () => {
    const config = loadConfig({}, []);
    expect(config).toMatchObject({ port: 3000, host: 'localhost', maxParticipants: 6, logLevel: 'info' });
    expect(config.webRoot).toMatch(/web[/\\]dist$/);
  });

  it('reads PORT and HOST, and flags win over the environment', () => {
    expect(loadConfig({ PORT: '4000', HOST: '0.0.0.0' }, [])).toMatchObject({ port: 4000, host: '0.0.0.0' });
    expect(loadConfig({ PORT: '4000' }, ['--port', '5000'])).toMatchObject({ port: 5000 });
  });

  it('reports every bad value at once, naming the setting', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', PARLEY_MAX_PARTICIPANTS: '1', PARLEY_LOG_LEVEL: 'loud' }, []);
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('port');
      expect(message).toContain('maxParticipants');
      expect(message).toContain('logLevel');
    }
  });

  it('encrypts rooms end to end by default; PARLEY_E2EE or --e2ee turns it off, and nonsense is refused', () => {
    expect(loadConfig({}, []).e2ee).toBe(true);
    expect(loadConfig({ PARLEY_E2EE: 'off' }, []).e2ee).toBe(false);
    expect(loadConfig({ PARLEY_E2EE: 'off' }, ['--e2ee', 'on']).e2ee).toBe(true);
    expect(loadConfig({}, ['--e2ee', 'off']).e2ee).toBe(false);
    expect(loadConfig({ PARLEY_E2EE: '0' }, []).e2ee).toBe(false);
    expect(() => loadConfig({ PARLEY_E2EE: 'maybe' }, [])).toThrow(/e2ee \(PARLEY_E2EE, --e2ee\)/);
  });

  it('rejects an unknown flag with the list of flags', () => {
    expect(() => loadConfig({}, ['--prot', '1'])).toThrow(/--port N/);
  });

  it('rejects a malformed allowed origin', () => {
    expect(() => loadConfig({ PARLEY_ALLOWED_ORIGINS: 'not a url' }, [])).toThrow(ConfigError);
    expect(loadConfig({ PARLEY_ALLOWED_ORIGINS: 'https://a.example, https://b.example' }, []).allowedOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('reads the limits from flags and environment, with defaults, and names the setting of a bad one', () => {
    expect(loadConfig({}, [])).toMatchObject({
      maxMessageBytes: 65_536,
      rateLimitPerSecond: 50,
      rateLimitBurst: 200,
      maxConnectionsPerIp: 200,
      maxRooms: 10_000,
      shutdownTimeout: 10,
    });
    expect(
      loadConfig({ PARLEY_RATE_LIMIT: '20', PARLEY_MAX_ROOMS: '0' }, ['--rate-burst', '40', '--max-connections-per-ip', '3']),
    ).toMatchObject({ rateLimitPerSecond: 20, rateLimitBurst: 40, maxConnectionsPerIp: 3, maxRooms: 0 });
    expect(() => loadConfig({ PARLEY_RATE_BURST: '0' }, [])).toThrow(/rateLimitBurst \(PARLEY_RATE_BURST, --rate-burst\)/);
    expect(() => loadConfig({}, ['--max-message-bytes', '10'])).toThrow(
      /maxMessageBytes \(PARLEY_MAX_MESSAGE_BYTES, --max-message-bytes\)/,
    );
    expect(() => loadConfig({ PARLEY_SHUTDOWN_TIMEOUT: 'soon' }, [])).toThrow(/shutdownTimeout \(PARLEY_SHUTDOWN_TIMEOUT/);
  });

  // PARLEY_JANUS_URLS itself and its error message: sfu/roomMode.test.ts.
  it('reads Janus URLs from repeated --janus flags, each one URL or a list, winning over PARLEY_JANUS_URLS', () => {
    expect(loadConfig({}, []).janusUrls).toEqual([]);
    expect(
      loadConfig({ PARLEY_JANUS_URLS: 'ws://10.0.0.7:8188' }, [
        '--janus',
        'ws://127.0.0.1:8188',
        '--janus',
        'wss://sfu.example.org/janus,ws://127.0.0.1:8189',
      ]).janusUrls,
    ).toEqual(['ws://127.0.0.1:8188', 'wss://sfu.example.org/janus', 'ws://127.0.0.1:8189']);
  });
});
