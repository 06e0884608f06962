import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomRoomId, type Participant } from '../support/browsers.js';
import { expectSeesAndHears } from '../support/call.js';
import { parley, stopAll, type ParleyProcess } from '../support/cli.js';
import { offerFiles, openChat, randomFile, sha256OfFile, transferItem, transferNumbers } from '../support/files.js';
import { expect, test } from '../support/fixtures.js';

const MB = 1_000_000;
/** A plain progress line of the CLI: "x.bin → Ada: 12.0 MB of 30.0 MB (40%), 5.10 MB/s, 3 s left". */
const PROGRESS = /: [\d.]+ [kM]?B of ([\d.]+ MB) \((\d+)%\), [\d.]+ [kM]?B\/s, [\d:]+ s? ?left/;

const running: ParleyProcess[] = [];
const folders: string[] = [];
test.afterEach(async () => {
  await stopAll(running);
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});
async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-e2e-cli-'));
  folders.push(dir);
  return dir;
}

test.describe('the parley command with people in browsers', () => {
  test('parley send → a browser: offered, accepted, progress in the terminal, SHA-256 verified on arrival', async ({
    parley: server,
    people,
  }) => {
    test.setTimeout(120_000);
    const file = await randomFile('from-terminal.bin', 30 * MB);
    try {
      const room = randomRoomId('cli');
      const [ada] = await people.launch('Ada');
      await ada!.join(server.url, room);
      // parley cannot encrypt media: the host lets it into her encrypted meeting by turning that off.
      await turnOffE2ee(ada!);
      const send = parley(running, ['send', `${server.url}/r/${room}`, file.path, '--to', 'Ada', '--name', 'Terminal']);
      await send.waitFor(/Offering from-terminal\.bin to Ada/, 60_000);

      await openChat(ada!);
      const offer = ada!.page.getByTestId('file-offer');
      await expect(offer).toContainText('from-terminal.bin', { timeout: 45_000 });
      await expect(offer).toContainText('30.0 MB');
      await expect(offer).toContainText('From Terminal');
      await offer.getByTestId('file-accept').click();

      const received = ada!.page.getByTestId('file-done');
      await expect(received).toHaveCount(1, { timeout: 90_000 });
      await expect(received).toHaveAttribute('data-sha256', file.sha256);
      expect(await send.exited).toBe(0);
      expect(send.output).toContain(
        `✓ from-terminal.bin → Ada: delivered, SHA-256 verified by the receiver (${file.sha256}); 30.0 MB sent for 30.0 MB (1.00×)`,
      );
      // Progress was shown on the way: size, percent, speed and time left.
      const progress = send.all(new RegExp(PROGRESS.source, 'g'));
      expect(progress.length, send.output).toBeGreaterThan(0);
      expect(progress.every((m) => m[1] === '30.0 MB')).toBe(true);
    } finally {
      await file.cleanup();
    }
  });

  test('a browser → parley receive, killed half-way and started again: resumes from the bytes on disk, SHA-256 matches', async ({
    parley: server,
    people,
  }) => {
    test.setTimeout(180_000);
    const file = await randomFile('to-terminal.bin', 50 * MB);
    const out = await folder();
    try {
      const room = randomRoomId('cli');
      const link = `${server.url}/r/${room}`;
      const [bob] = await people.launch('Bob');
      await bob!.join(server.url, room);
      await turnOffE2ee(bob!);
      const first = parley(running, ['receive', link, '--out', out, '--yes', '--name', 'Carol']);
      await first.waitFor(/Waiting for offers/, 60_000);
      await expect(bob!.tileOf('Carol')).toHaveCount(1, { timeout: 45_000 });

      await offerFiles(bob!, file.path);
      await first.waitFor(/Accepting to-terminal\.bin \(50\.0 MB[^)]*\) from Bob/, 60_000);
      // Kill -9 part-way (no goodbye, no cleanup), once a good part is on disk.
      const partial = join(out, '.parley-partial');
      await expect.poll(async () => partSize(partial), { timeout: 90_000, intervals: [100] }).toBeGreaterThan(file.size * 0.3);
      await first.stop('SIGKILL');
      const storedAtKill = await partSize(partial);
      expect(storedAtKill).toBeLessThan(file.size);
      const sending = transferItem(bob!.page, 'to-terminal.bin');
      await expect(sending).toHaveAttribute('data-state', 'interrupted', { timeout: 45_000 });

      // Started again in the same folder: it finds the partial file and its record, and continues.
      const second = parley(running, ['receive', link, '--out', out, '--yes', '--name', 'Carol']);
      await second.waitFor(/Resuming to-terminal\.bin from Bob: [\d.]+ MB of 50\.0 MB already here/, 60_000);
      await second.waitFor(/resumed from [\d.]+ MB of 50\.0 MB/, 60_000);
      expect(await second.exited, second.output).toBe(0);
      const saved = join(out, 'to-terminal.bin');
      expect(second.output).toContain(`✓ to-terminal.bin ← Bob: saved ${saved} (50.0 MB), SHA-256 verified: ${file.sha256}`);
      expect(await sha256OfFile(saved)).toBe(file.sha256);
      expect(await readdir(out)).toEqual(['to-terminal.bin']); // no partial folder left behind
      expect(
        [...first.output.matchAll(new RegExp(PROGRESS.source, 'g'))].length +
          [...second.output.matchAll(new RegExp(PROGRESS.source, 'g'))].length,
      ).toBeGreaterThan(0);

      // The browser delivered it once and a bit: only what was in flight at the kill went twice.
      await expect(bob!.page.getByTestId('file-done')).toContainText('SHA-256 verified', { timeout: 60_000 });
      const sent = await transferNumbers(bob!.page.getByTestId('file-done'));
      const report = `stored at kill ${storedAtKill} B; browser sent ${sent.bytesOnWire} B for ${file.size} B (${(sent.bytesOnWire / file.size).toFixed(3)}×), resumes ${sent.resumes}`;
      test.info().annotations.push({ type: 'resume', description: report });
      console.log(`[cli] resume: ${report}`);
      expect(sent.resumes).toBe(1);
      expect(sent.bytesOnWire).toBeGreaterThanOrEqual(file.size);
      expect(sent.bytesOnWire).toBeLessThan(1.5 * file.size);
    } finally {
      await file.cleanup();
    }
  });

  test('parley bot with one person in Chromium: kept out while the meeting is end-to-end encrypted; let in once the host turns that off, each sees and hears the other', async ({
    parley: server,
    people,
  }) => {
    test.setTimeout(120_000);
    const room = randomRoomId('cli');
    const [ada] = await people.launch('Ada');
    await ada!.join(server.url, room);
    await expect(ada!.page.getByTestId('e2ee-badge')).toHaveAttribute('data-state', 'on');
    // Software that cannot encrypt is refused, and told why and what to do; nothing of it reaches Ada.
    const refused = parley(running, ['bot', `${server.url}/r/${room}`, '--name', 'Robot']);
    expect(await refused.exited, refused.output).toBe(3);
    expect(refused.output).toContain('the meeting is end-to-end encrypted, and parley cannot encrypt media');
    expect(refused.output).toContain('Ask the host to turn end-to-end encryption off');
    await expect(ada!.tiles).toHaveCount(0);

    await turnOffE2ee(ada!);
    const bot = parley(running, ['bot', `${server.url}/r/${room}`, '--name', 'Robot', '--size', '320x240', '--report', '1']);
    await bot.waitFor(/In room \S+ as Robot, sending a 320x240 test pattern at 15 fps and a 440 Hz tone/, 60_000);

    // The browser: the bot's tile shows moving video, and its audio arrives with energy.
    await expectSeesAndHears(ada!, { name: 'Robot' });
    await expect(ada!.tileOf('Robot').locator('video')).toHaveJSProperty('videoWidth', 320);

    // The bot: decoded video frames and audio from Ada keep growing (two reports apart).
    const REPORT = /received from Ada: video (\d+)x(\d+) (\d+) frames, audio (\d+) frames/g;
    await bot.waitFor(/received from Ada: video \d+x\d+ [1-9]\d* frames, audio [1-9]\d* frames/, 45_000);
    const before = bot.all(REPORT).length;
    await expect.poll(() => bot.all(REPORT).length, { timeout: 45_000 }).toBeGreaterThan(before + 1);
    const reports = bot.all(REPORT);
    const [earlier, later] = [reports[before - 1]!, reports.at(-1)!];
    expect(Number(later[1])).toBeGreaterThan(0);
    expect(Number(later[3]), bot.output).toBeGreaterThan(Number(earlier[3]));
    expect(Number(later[4]), bot.output).toBeGreaterThan(Number(earlier[4]));

    expect(await bot.stop('SIGINT')).toBe(0);
    expect(bot.output).toMatch(/Sent \d+ video frames and \d+ audio frames\. Leaving\./);
    await expect(ada!.tiles).toHaveCount(0, { timeout: 30_000 });
  });
});

/** Bytes of the one unfinished file in the CLI's partial folder (0 before it exists). */
async function partSize(partial: string): Promise<number> {
  const names = await readdir(partial).catch(() => [] as string[]);
  const part = names.find((name) => name.endsWith('.part'));
  return part ? (await stat(join(partial, part))).size : 0;
}

/** The host turns the meeting's end-to-end encryption off (People → the switch), as they must before parley can join. */
async function turnOffE2ee(host: Participant): Promise<void> {
  await host.page.getByTestId('participants-toggle').click();
  await host.page.getByTestId('e2ee-toggle').uncheck();
  await expect(host.page.getByTestId('e2ee-badge')).toHaveAttribute('data-state', 'off');
  await host.page.getByTestId('participants-toggle').click();
}
