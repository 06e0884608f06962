import { describe, expect, it } from 'vitest';
import { doctorHelp, loadConfig, serveHelp, settingEntries, wantsHelp } from '../src/config.js';

describe('the settings table', () => {
  it('gives every setting its own variable and flag', () => {
    const envs = settingEntries().map(([, entry]) => entry.env);
    const flags = settingEntries().flatMap(([, entry]) => (entry.flag ? [entry.flag.name] : []));
    expect(new Set(envs).size).toBe(envs.length);
    expect(new Set(flags).size).toBe(flags.length);
  });

  it('has defaults its own schemas accept, and settings without one are off until set', () => {
    for (const [key, entry] of settingEntries()) {
      if (entry.defaultFrom) continue;
      const parsed = entry.schema.safeParse(entry.default);
      expect(parsed.success, `${key}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  it('reads each flag and each variable into its setting', () => {
    const bare = loadConfig({}, []);
    for (const [key, entry] of settingEntries()) {
      if (!entry.flag?.value) continue;
      // A value each schema takes: the default, or for settings that are off until set, a valid one.
      const sample: Record<string, string> = {
        publicUrl: 'https://meet.example.org',
        tlsCert: '/etc/c.pem',
        tlsKey: '/etc/k.pem',
        turnSecret: '0123456789abcdef',
        redisUrl: 'redis://127.0.0.1:6379',
        stunUrls: 'stun:127.0.0.1',
        janusUrls: 'ws://127.0.0.1:8188',
      };
      const text = sample[key] ?? String(bare[key]);
      const env = { PARLEY_SECRET: 'x'.repeat(32), PARLEY_TLS_CERT: '/etc/c.pem', PARLEY_TLS_KEY: '/etc/k.pem' };
      const fromFlag = loadConfig(env, [`--${entry.flag.name}`, text]);
      const fromEnv = loadConfig({ ...env, [entry.env]: text }, []);
      expect(fromFlag[key], key).toEqual(fromEnv[key]);
      expect(fromFlag[key], key).not.toBeUndefined();
    }
  });

  it('treats a variable set to nothing as not set', () => {
    expect(loadConfig({ PORT: '', PARLEY_TLS_CERT: '', PARLEY_HTTPS: ' ' }, [])).toMatchObject({ port: 3000, https: false });
  });
});

describe('--help', () => {
  it('is asked for with --help or -h', () => {
    expect(wantsHelp(['--port', '3000', '--help'])).toBe(true);
    expect(wantsHelp(['-h'])).toBe(true);
    expect(wantsHelp(['--https'])).toBe(false);
  });

  it('lists every setting under its group, with its flag, variable, default and meaning', () => {
    const help = serveHelp();
    expect(help).toMatch(/^Parley: video meetings[^\n]*\n\nUsage: npm start -- \[options\]\n {3}or: parley serve \[options\]/);
    expect(doctorHelp()).toMatch(/\n\nUsage: npm run doctor -- \[options\]\n {3}or: parley doctor \[options\]/);
    for (const [, entry] of settingEntries()) {
      expect(help).toContain(entry.flag ? ` or ${entry.env}; default ` : `  ${entry.env} (environment only); default `);
      if (entry.flag) expect(help).toContain(`--${entry.flag.name}`);
    }
    expect(help).toContain('  -p, --port N or PORT; default 3000\n      HTTP port (0 picks a free one)');
    expect(help).toContain('Limits:\n  --max-message-bytes N or PARLEY_MAX_MESSAGE_BYTES; default 65536');
    expect(help).not.toContain('`');
    expect(Math.max(...help.split('\n').map((line) => line.length))).toBeLessThanOrEqual(120);
  });
});
