// `npm run check` must catch what it promises to: an import cycle (dependency-cruiser), a
// floating promise (typescript-eslint), a misspelt event name (the type checker over closed
// event maps). Each check runs with the repository's own configuration on a small fixture
// written into the client's source for the test (and removed after), once clean, once broken.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const fixtures = join(root, 'packages/client/src', `check-fixture-${process.pid}`);
const relative = (file) => join(fixtures, file).slice(root.length + 1);

function write(files) {
  rmSync(fixtures, { recursive: true, force: true });
  mkdirSync(fixtures, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(fixtures, name), text);
}

/** Exit code and output of a command run from the repository's root. */
async function outcome(command, args) {
  try {
    const { stdout, stderr } = await run(command, args, { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    return { code: error.code, output: `${error.stdout}${error.stderr}` };
  }
}

const depcruise = () => outcome('npx', ['depcruise', relative(''), '--config', '.dependency-cruiser.cjs', '--output-type', 'err']);

/** Rule ids eslint reports for one fixture file. Each run is its own process: typed linting
 * keeps one TypeScript program per process, which may not see a file written after it was built. */
async function lint(file) {
  const { output } = await outcome('npx', ['eslint', '--format', 'json', relative(file)]);
  const [result] = JSON.parse(output.slice(output.indexOf('[')));
  return result.messages.map((message) => message.ruleId ?? message.message);
}

const typecheck = (file) =>
  outcome('npx', [
    'tsc',
    '--noEmit',
    '--strict',
    '--skipLibCheck',
    '--target',
    'es2022',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--lib',
    'es2023,dom,dom.iterable',
    relative(file),
  ]);

afterAll(() => rmSync(fixtures, { recursive: true, force: true }));

describe('npm run check', () => {
  it('fails on an import cycle', async () => {
    write({ 'a.ts': "import { b } from './b.js';\nexport const a = (): number => b + 1;\n", 'b.ts': 'export const b = 1;\n' });
    expect((await depcruise()).code).toBe(0);
    write({
      'a.ts': "import { b } from './b.js';\nexport const a = (): number => b() + 1;\n",
      'b.ts': "import { a } from './a.js';\nexport const b = (): number => a();\n",
    });
    const broken = await depcruise();
    expect(broken.code).not.toBe(0);
    expect(broken.output).toContain('no-cycles');
  }, 60_000);

  it('fails on a floating promise', async () => {
    const save = 'async function save(): Promise<void> {}\n';
    write({ 'awaited.ts': `${save}export async function run(): Promise<void> {\n  await save();\n}\n` });
    expect(await lint('awaited.ts')).toEqual([]);
    write({ 'floating.ts': `${save}export function run(): void {\n  save();\n}\n` });
    expect(await lint('floating.ts')).toContain('@typescript-eslint/no-floating-promises');
  }, 60_000);

  it('fails on a misspelt event name', async () => {
    const listen = (event) =>
      `import { Room } from '../Room.js';\nexport function watch(room: Room): void {\n  room.on('${event}', (participant) => console.log(participant.name));\n}\n`;
    write({ 'events.ts': listen('participant-joined') });
    expect((await typecheck('events.ts')).code).toBe(0);
    write({ 'events.ts': listen('participant-joind') });
    const broken = await typecheck('events.ts');
    expect(broken.code).not.toBe(0);
    expect(broken.output).toMatch(/"participant-joind"' is not assignable to parameter of type 'keyof RoomEvents'/);
  }, 90_000);
});
