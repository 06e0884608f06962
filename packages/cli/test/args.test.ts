import { describe, expect, it } from 'vitest';
import { formatHelp, integerOption, parseCommand, type CommandSpec } from '../src/args.js';
import { COMMANDS, runCli, topLevelHelp } from '../src/cli.js';
import { EXIT } from '../src/errors.js';
import type { Screen } from '../src/progress.js';

const spec: CommandSpec = {
  name: 'demo',
  summary: 'a command for the tests',
  arguments: '<room-url> <file…>',
  positionals: { min: 2, max: 3 },
  options: {
    to: { type: 'string', value: 'NAME', description: 'Only to NAME' },
    yes: { type: 'boolean', short: 'y', description: 'Accept' },
    rooms: { type: 'string', value: 'N', description: 'Rooms' },
  },
};

function usage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as { exitCode: number }).exitCode).toBe(EXIT.usage);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('argument parsing', () => {
  it('reads flags in any order, short and long, and positionals', () => {
    const parsed = parseCommand(spec, ['--to', 'Ada', 'https://h/r/x', '-y', 'a.txt', '--rooms=3']);
    expect(parsed.positionals).toEqual(['https://h/r/x', 'a.txt']);
    expect(parsed.values).toMatchObject({ to: 'Ada', yes: true, rooms: '3' });
    expect(parsed.help).toBe(false);
    expect(integerOption(parsed, spec, 'rooms', { min: 1, max: 10, fallback: 5 })).toBe(3);
  });

  it('--help wins over missing arguments', () => {
    expect(parseCommand(spec, ['--help']).help).toBe(true);
    expect(parseCommand(spec, ['-h']).help).toBe(true);
  });

  it('refuses unknown flags, missing values, too few or too many arguments, bad numbers', () => {
    expect(usage(() => parseCommand(spec, ['u', 'f', '--frobnicate']))).toMatch(/Unknown option '--frobnicate'[\s\S]*parley demo --help/);
    expect(usage(() => parseCommand(spec, ['u', 'f', '--to']))).toMatch(/--to/);
    expect(usage(() => parseCommand(spec, ['u']))).toMatch(/Missing argument: parley demo <room-url> <file…>/);
    expect(usage(() => parseCommand(spec, ['u', 'a', 'b', 'c']))).toMatch(/Unexpected argument "c"/);
    const parsed = parseCommand(spec, ['u', 'f', '--rooms', '2.5']);
    expect(usage(() => integerOption(parsed, spec, 'rooms', { min: 1, max: 10, fallback: 5 }))).toMatch(
      /--rooms must be a whole number from 1 to 10, not "2.5"/,
    );
    const big = parseCommand(spec, ['u', 'f', '--rooms', '11']);
    expect(usage(() => integerOption(big, spec, 'rooms', { min: 1, max: 10, fallback: 5 }))).toMatch(/not "11"/);
  });

  it('help lists every flag of every command', () => {
    for (const command of COMMANDS) {
      const help = formatHelp(command.spec);
      // serve and doctor print the server's own help, which names npm start first (serve.test).
      expect(help).toMatch(new RegExp(`(Usage|   or): parley ${command.spec.name} `));
      const flags = [...Object.keys(command.spec.options), ...(command.spec.help ? [] : ['help'])];
      for (const flag of flags) expect(help).toContain(`--${flag}`);
    }
    expect(topLevelHelp()).toMatch(/Exit codes: 0 done/);
    for (const command of COMMANDS) expect(topLevelHelp()).toContain(`  ${command.spec.name} `);
  });
});

/** Runs a command line in this process, capturing what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const screen = (append: (text: string) => void): Screen => ({ write: append, live: false, columns: 80 });
  const code = await runCli(argv, {
    out: screen((text) => (out += text)),
    err: screen((text) => (err += text)),
    stdin: process.stdin,
    stop: new AbortController().signal,
  });
  return { code, out, err };
}

describe('parley command lines that end before joining', () => {
  it('shows help, and says which command is unknown', async () => {
    expect(await cli('--help')).toMatchObject({ code: EXIT.ok, out: expect.stringMatching(/Commands:/) });
    expect(await cli()).toMatchObject({ code: EXIT.usage });
    expect(await cli('sned')).toMatchObject({ code: EXIT.usage, err: expect.stringMatching(/Unknown command "sned"/) });
    expect(await cli('receive', '--help')).toMatchObject({ code: EXIT.ok, out: expect.stringMatching(/--out DIR/) });
  });

  it('refuses a bad room link with the usage exit code', async () => {
    const result = await cli('send', 'localhost:3000/standup', 'x.txt');
    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toMatch(/expected a room link like https:\/\/meet\.example\.org\/r\/standup/);
  });

  it('refuses a file it cannot read before joining anything', async () => {
    const result = await cli('send', 'http://127.0.0.1:9/r/abc', '/nonexistent/file.bin');
    expect(result).toMatchObject({
      code: EXIT.file,
      err: expect.stringMatching(/Cannot read \/nonexistent\/file\.bin: there is no such file/),
    });
    const folder = await cli('send', 'http://127.0.0.1:9/r/abc', '/tmp');
    expect(folder).toMatchObject({ code: EXIT.file, err: expect.stringMatching(/it is a folder/) });
  });

  it('refuses a folder it cannot write into', async () => {
    // A folder under a file: refused whoever runs the test (root ignores permission bits).
    const result = await cli('receive', 'http://127.0.0.1:9/r/abc', '--out', '/etc/hostname/downloads');
    expect(result).toMatchObject({
      code: EXIT.file,
      err: expect.stringMatching(/Cannot write into \/etc\/hostname\/downloads: .*Choose another folder with --out/),
    });
  });

  it('says the server is unreachable with the room exit code', async () => {
    // Port 9 (discard) on loopback: nothing listens there.
    const result = await cli('bot', 'http://127.0.0.1:9/r/abc', '--duration', '1');
    expect(result.code).toBe(EXIT.room);
    expect(result.err).toMatch(/Cannot reach the Parley server at http:\/\/127\.0\.0\.1:9/);
  });

  it('serve checks the server flags before starting (Redis needs a shared secret, Janus a WebSocket URL)', async () => {
    expect(await cli('serve', '--redis', 'redis://127.0.0.1:6379')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringMatching(/PARLEY_SECRET/),
    });
    expect(await cli('serve', '--janus', 'http://127.0.0.1:8088')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringMatching(/janusUrls \(PARLEY_JANUS_URLS, --janus\).*not a Janus WebSocket URL/),
    });
    expect(await cli('serve', '--port', 'eighty')).toMatchObject({ code: EXIT.usage, err: expect.stringMatching(/port \(PORT, --port\)/) });
  });

  it('checks bot media flags', async () => {
    expect(await cli('bot', 'http://h/r/a', '--size', '641x480')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringMatching(/even numbers/),
    });
    expect(await cli('bot', 'http://h/r/a', '--video', 'cats')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringMatching(/"pattern" or "none"/),
    });
  });
});
