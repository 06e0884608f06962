import { writeFile } from 'node:fs/promises';
import { test as base } from '@playwright/test';
import { launchParticipant, type Participant } from './browsers.js';
import { runningJanus } from './janus.js';
import { serverLogMark, serverLogSince, startParleyProcess, type ParleyProcessServer } from './server.js';
import { videoStats } from './videoStats.js';

export interface People {
  /** Launches one Chromium process per name (in parallel) for this test; all are closed after it. */
  launch(...names: string[]): Promise<Participant[]>;
  /** The same, with extra Chromium flags (e.g. `--ignore-certificate-errors`). */
  launchWith(args: readonly string[], ...names: string[]): Promise<Participant[]>;
  /** The same with noise suppression on, as a person's browser starts (the others start with it off). */
  launchWithNoiseSuppression(args: readonly string[], ...names: string[]): Promise<Participant[]>;
  /** The same with another browser executable (a network lab's household: see support/lab.ts). */
  launchIn(browser: { executablePath: string; args: readonly string[] }, ...names: string[]): Promise<Participant[]>;
}

/** How late a 250 ms tick of the test process may come before the run says so. */
const STALL_SAID_MS = 3_000;

/**
 * Says when this process's event loop stalls: Playwright's waits and a page's timing as the test
 * reads them run late then (seen: 9.6 s with five browsers on two cores under load).
 */
function watchStalls(): NodeJS.Timeout {
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last - 250 > STALL_SAID_MS) process.stderr.write(`[e2e] the test process stalled ${Math.round(now - last - 250)} ms\n`);
    last = now;
  }, 250);
  timer.unref();
  return timer;
}

/**
 * `parley`: one real server per worker (workers: 1, so one per run), in its own process (as in a
 * deployment, so the test's own work never holds up signaling), on 127.0.0.1 and a free port.
 * `people`: participants, each in its own browser process, closed when the test ends; their
 * console output is attached to the report when a test fails.
 */
export const test = base.extend<{ people: People }, { parley: ParleyProcessServer }>({
  parley: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const parley = await startParleyProcess();
      const stalls = watchStalls();
      await use(parley);
      clearInterval(stalls);
      await parley.close();
    },
    { scope: 'worker' },
  ],
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; this one has none.
  people: async ({}, use, testInfo) => {
    const launched: Participant[] = [];
    const logMark = serverLogMark();
    const janusMarks = new Map([...runningJanus].map((janus) => [janus, janus.outputMark()]));
    const start = async (names: string[], args: readonly string[] = [], noiseSuppression = false, executablePath?: string) => {
      const people = await Promise.all(
        names.map((name) => launchParticipant(name, args, { noiseSuppression, ...(executablePath ? { executablePath } : {}) })),
      );
      launched.push(...people);
      return people;
    };
    await use({
      launch: (...names) => start(names),
      launchWith: (args, ...names) => start(names, args),
      launchWithNoiseSuppression: (args, ...names) => start(names, args, true),
      launchIn: (browser, ...names) => start(names, browser.args, false, browser.executablePath),
    });
    if (testInfo.status !== testInfo.expectedStatus) {
      const serverLog = testInfo.outputPath('server-log.txt');
      await writeFile(serverLog, serverLogSince(logMark).join('\n') || '(nothing)');
      await testInfo.attach('server log', { path: serverLog, contentType: 'text/plain' });
      for (const [janus, mark] of janusMarks) {
        const janusLog = testInfo.outputPath(`janus-log-${janus.port}.txt`);
        await writeFile(janusLog, janus.outputSince(mark) || '(nothing)');
        await testInfo.attach(`janus log (port ${janus.port})`, { path: janusLog, contentType: 'text/plain' });
      }
      for (const person of launched) {
        // A file, not a body: the list reporter shortens bodies, and the whole log is what explains a failure.
        const log = testInfo.outputPath(`console-of-${person.name}.txt`);
        await writeFile(log, person.logs.join('\n') || '(nothing)');
        await testInfo.attach(`console of ${person.name}`, { path: log, contentType: 'text/plain' });
        if (!person.closed && !person.page.isClosed()) {
          const stats = await videoStats(person.page).catch((error: unknown) => [`no stats: ${String(error)}`]);
          const statsPath = testInfo.outputPath(`video-stats-of-${person.name}.txt`);
          await writeFile(statsPath, stats.join('\n'));
          await testInfo.attach(`video stats of ${person.name}`, { path: statsPath, contentType: 'text/plain' });
          const path = testInfo.outputPath(`screen-of-${person.name}.png`);
          const shot = await person.page.screenshot({ path }).catch(() => null);
          if (shot) await testInfo.attach(`screen of ${person.name}`, { path, contentType: 'image/png' });
        }
      }
    }
    await Promise.all(launched.map((person) => person.close()));
  },
});

export { expect } from '@playwright/test';
