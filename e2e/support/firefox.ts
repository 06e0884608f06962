import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { installPeerConnectionRecorder } from './media.js';

/** Debian's Firefox ESR (`apt-get install firefox-esr`); never a downloaded browser. */
const FIREFOX = '/usr/bin/firefox-esr';

/** Sound may start without a click, as Chromium's `--autoplay-policy=no-user-gesture-required` in the other tests. */
const AUTOPLAY = { 'media.autoplay.default': 0, 'media.autoplay.block-webaudio': false };
/** Fake camera and microphone, no permission prompt: Firefox's counterpart of Chromium's fake-device flags. */
const FAKE_DEVICES = { ...AUTOPLAY, 'media.navigator.streams.fake': true, 'media.navigator.permission.disabled': true };
/**
 * The machine's own devices, no prompt: with a PulseAudio of the test's (support/pulseAudio.ts) the
 * microphone plays a recording through Firefox's real capture path; there is no camera.
 */
export const REAL_DEVICES = { ...AUTOPLAY, 'media.navigator.streams.fake': false, 'media.navigator.permission.disabled': true };
/** Camera and microphone refused for every site, as a person who clicked "Block" would have it. */
export const BLOCKED_DEVICES = {
  ...AUTOPLAY,
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': false,
  'permissions.default.camera': 2,
  'permissions.default.microphone': 2,
};

/**
 * A person in Firefox ESR, driven by puppeteer-core over WebDriver BiDi (Playwright drives only
 * its own patched Firefox builds). Checks run as page.evaluate: the app's Content-Security-Policy
 * refuses the eval that puppeteer's waitForSelector injects.
 */
export class FirefoxPerson {
  readonly name: string;
  readonly browser: Browser;
  readonly page: Page;

  private constructor(name: string, browser: Browser, page: Page) {
    this.name = name;
    this.browser = browser;
    this.page = page;
  }

  /** `env`: added to Firefox's environment (e.g. PulseAudio's `PULSE_SERVER`). */
  static async launch(
    name: string,
    prefs: Record<string, boolean | number | string> = FAKE_DEVICES,
    env: Record<string, string> = {},
  ): Promise<FirefoxPerson> {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      extraPrefsFirefox: prefs,
      env: { ...process.env, ...env },
    });
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.evaluateOnNewDocument(installPeerConnectionRecorder);
    return new FirefoxPerson(name, browser, page);
  }

  /** Polls `check(arg)` in the page until it returns a truthy value; fails with `what` and the last value. */
  async until<T, A = undefined>(what: string, check: (arg: A) => T | Promise<T>, arg?: A, timeoutMs = 20_000): Promise<NonNullable<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = (await this.page.evaluate(check as (arg: unknown) => T, arg)) as T;
      if (last) return last;
      if (Date.now() > deadline) throw new Error(`${this.name} (Firefox): ${what} within ${timeoutMs} ms; last ${JSON.stringify(last)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Lobby, name, Join; resolves in the call. */
  async join(baseUrl: string, roomId: string): Promise<void> {
    const url = new URL(`/r/${encodeURIComponent(roomId)}`, baseUrl);
    url.searchParams.set('name', this.name);
    await this.page.goto(url.toString());
    await this.until('Join enabled', () => {
      const join = document.querySelector<HTMLButtonElement>('[data-testid="join-button"]');
      return join !== null && !join.disabled;
    });
    await this.page.click('[data-testid="join-button"]');
    await this.until('in the call', () => document.querySelector('[data-testid="leave-button"]') !== null);
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }
}

/** What a person in this page sees and hears of `name`'s tile over a second. */
export interface TileWatch {
  videoWidth: number;
  /** Of 10 pictures taken 100 ms apart, how many differed from the one before (a moving picture, not a frozen one). */
  changes: number;
  /** Growth of the tile's inbound streams over the second (W3C webrtc-stats, RTCInboundRtpStreamStats). */
  framesDecoded: number;
  totalAudioEnergy: number;
  paused: boolean;
  muted: boolean;
}

/**
 * Watches `name`'s tile for a second. Serialized into the page: self-contained. Pictures are
 * compared drawn to a canvas (headless Firefox counts no painted frames), and sound is read from
 * the inbound stats (headless Firefox here has no audio output, so no AudioContext runs).
 */
export async function watchTile(name: string): Promise<TileWatch | null> {
  const tile = document.querySelector(`[data-testid="participant-tile"][data-participant-name="${CSS.escape(name)}"]`);
  const video = tile?.querySelector('video');
  const stream = video?.srcObject instanceof MediaStream ? video.srcObject : null;
  if (!video || !stream || video.videoWidth === 0) return null;
  const ids = new Set(stream.getTracks().map((track) => track.id));
  const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? [];
  const totals = async () => {
    let framesDecoded = 0;
    let totalAudioEnergy = 0;
    for (const pc of pcs) {
      (await pc.getStats()).forEach(
        (report: { type: string; trackIdentifier?: string; framesDecoded?: number; totalAudioEnergy?: number }) => {
          if (report.type !== 'inbound-rtp' || !ids.has(report.trackIdentifier ?? '')) return;
          framesDecoded += report.framesDecoded ?? 0;
          totalAudioEnergy += report.totalAudioEnergy ?? 0;
        },
      );
    }
    return { framesDecoded, totalAudioEnergy };
  };
  const before = await totals();
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 90;
  const draw = canvas.getContext('2d', { willReadFrequently: true })!;
  let previous = '';
  let changes = 0;
  for (let reading = 0; reading < 10; reading++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    draw.drawImage(video, 0, 0, canvas.width, canvas.height);
    const picture = draw.getImageData(0, 0, canvas.width, canvas.height).data.join(',');
    if (previous && picture !== previous) changes++;
    previous = picture;
  }
  const after = await totals();
  return {
    videoWidth: video.videoWidth,
    changes,
    framesDecoded: after.framesDecoded - before.framesDecoded,
    totalAudioEnergy: after.totalAudioEnergy - before.totalAudioEnergy,
    paused: video.paused,
    muted: video.muted,
  };
}
