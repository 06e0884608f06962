import { chromium, expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { installPeerConnectionRecorder } from './media.js';
import { installStallWatch } from './stallWatch.js';

/**
 * Debian's Chromium, never a downloaded browser (see shared/TESTING.md), started the way a
 * person's browser runs: without the right to raise its threads' priority (see the script).
 */
export const CHROMIUM_PATH = process.env.PARLEY_CHROMIUM ?? fileURLToPath(new URL('./chromium-unboosted.sh', import.meta.url));

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream', // no permission prompt
  '--use-fake-device-for-media-stream', // a test-pattern camera and a beeping microphone
  '--autoplay-policy=no-user-gesture-required', // remote tiles play with sound, as after a click
];

/** A room id no other test (or earlier run against the same server) uses. */
export function randomRoomId(prefix = 'e2e'): string {
  return `${prefix}-${randomBytes(6).toString('base64url')}`;
}

/**
 * One person in a meeting: their own Chromium process (so two participants never share a
 * renderer on a 2-core machine), one page, and what the page printed (shown when a test fails).
 */
export class Participant {
  readonly logs: string[] = [];
  #closed = false;

  constructor(
    readonly name: string,
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('console', (message) => this.logs.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => this.logs.push(`[pageerror] ${error.stack ?? error.message}`));
  }

  /** The call view's tiles: one per REMOTE participant. */
  get tiles(): Locator {
    return this.page.getByTestId('participant-tile');
  }

  /** The tile showing the participant called `name`. */
  tileOf(name: string): Locator {
    return this.page.locator(`[data-testid="participant-tile"][data-participant-name="${cssEscape(name)}"]`);
  }

  /** Opens the room's lobby, types the name, presses Join and waits for the call view. */
  async join(baseUrl: string, roomId: string): Promise<void> {
    const url = new URL(`/r/${encodeURIComponent(roomId)}`, baseUrl);
    url.searchParams.set('name', this.name);
    await this.page.goto(url.toString());
    const nameInput = this.page.getByTestId('name-input');
    await expect(nameInput).toHaveValue(this.name); // prefilled from ?name=
    await nameInput.fill(this.name);
    const join = this.page.getByTestId('join-button');
    await expect(join).toBeEnabled({ timeout: 15_000 }); // enabled once camera and mic started
    await join.click();
    await expect(this.page.getByTestId('leave-button')).toBeVisible({ timeout: 15_000 });
    await expect(this.page.getByTestId('local-video')).toBeVisible();
  }

  /**
   * Opens the lobby of a room whose host has the waiting room on and presses the join button, which
   * says "Ask to join" there; does not wait for the call (the host has to let them in first).
   */
  async askToJoin(baseUrl: string, roomId: string): Promise<void> {
    const url = new URL(`/r/${encodeURIComponent(roomId)}`, baseUrl);
    url.searchParams.set('name', this.name);
    await this.page.goto(url.toString());
    const join = this.page.getByTestId('join-button');
    await expect(join).toBeEnabled({ timeout: 15_000 });
    await expect(join).toHaveText('Ask to join');
    await join.click();
  }

  /**
   * Presses Leave. A host with others still in is asked who hosts next: takes the first choice
   * (the one the server would pick). Resolves on the page shown after leaving.
   */
  async leave(): Promise<void> {
    await this.page.getByTestId('leave-button').click();
    const confirm = this.page.getByTestId('host-leave-confirm');
    const left = this.page.getByTestId('left-screen');
    await expect(left.or(confirm)).toBeVisible();
    if (await confirm.isVisible()) await confirm.click();
    await expect(left).toBeVisible();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Closes the browser process (idempotent): to the others, this person vanished. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.browser.close().catch(() => undefined);
  }
}

/**
 * The web app's remembered noise suppression choice (storage.ts), set on a browser's first page
 * unless the page already has one. Participants start with it off, as they start with small
 * cameras where many share two cores: each RNNoise audio graph costs a browser about 4 points of
 * a core here (bench/processing.mjs). The noise suppression tests turn it on.
 */
function presetNoiseSuppression(value: string): void {
  try {
    if (localStorage.getItem('parley.noiseSuppression') === null) localStorage.setItem('parley.noiseSuppression', value);
  } catch {
    // an opaque origin (about:blank) has no storage
  }
}

/** Launches a separate Chromium process for one participant, instrumented for getStats(). */
export async function launchParticipant(
  name: string,
  extraArgs: readonly string[] = [],
  options: { noiseSuppression?: boolean; executablePath?: string } = {},
): Promise<Participant> {
  const browser = await chromium.launch({
    executablePath: options.executablePath ?? CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
  try {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
    await context.addInitScript(installPeerConnectionRecorder);
    await context.addInitScript(installStallWatch);
    await context.addInitScript(presetNoiseSuppression, options.noiseSuppression ? 'on' : 'off');
    const page = await context.newPage();
    return new Participant(name, browser, context, page);
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}

/** Minimal CSS attribute-value escape for names used in selectors. */
function cssEscape(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}
