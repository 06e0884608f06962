import { randomBytes } from 'node:crypto';
import { sleep } from './stats.mjs';

/**
 * The three ways to start a two-person call, each driven the same way: `prepare` puts the host
 * in the room and brings the joiner to the moment just before its join (media already captured,
 * as in Parley's lobby), `trigger` starts the join (the page itself records t0 on its own clock).
 */

const READY_TIMEOUT = 20_000;

export function freshRoom(prefix) {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

export const parley = (parleyUrl, { name = 'parley', label = 'Parley (web app)' } = {}) => ({
  name,
  label,
  async prepare(host, joiner, room) {
    await enterLobby(host.page, parleyUrl, room, 'Host');
    await host.page.getByTestId('join-button').click();
    await host.page.getByTestId('leave-button').waitFor({ state: 'visible', timeout: READY_TIMEOUT });
    await enterLobby(joiner.page, parleyUrl, room, 'Joiner');
  },
  async trigger(joiner) {
    await joiner.page.getByTestId('join-button').click({ timeout: READY_TIMEOUT });
  },
  remoteVideo: '[data-testid="participant-tile"] video',
});

/** Parley's SDK and server with no UI (bench/sdk-page): what the web app adds, and what it does not. */
export const parleySdk = (pagesUrl, parleyUrl) => ({
  name: 'parleySdk',
  label: 'Parley SDK without the web app (same server, no UI)',
  async prepare(host, joiner, room) {
    const q = `server=${encodeURIComponent(parleyUrl)}&room=${room}`;
    await host.page.goto(`${pagesUrl}/sdk/?${q}&role=host`);
    await host.page.waitForFunction(() => window.benchReady === true, null, { timeout: READY_TIMEOUT });
    await joiner.page.goto(`${pagesUrl}/sdk/?${q}&role=joiner`);
    await joiner.page.waitForFunction(() => window.benchReady === true, null, { timeout: READY_TIMEOUT });
  },
  async trigger(joiner) {
    await joiner.page.evaluate(() => window.start());
  },
  remoteVideo: '#remote',
});

export async function enterLobby(page, parleyUrl, room, name) {
  await page.goto(`${parleyUrl}/r/${encodeURIComponent(room)}?name=${name}`);
  // Enabled once the camera and microphone have started.
  await page.waitForSelector('[data-testid="join-button"]:not([disabled])', { timeout: READY_TIMEOUT });
}

/**
 * `sync: false` (the default) sends tracks without a MediaStream, as Parley does; `sync: true`
 * sends them in one, so the receiver lip-syncs video to audio (which delays video).
 * `iceServers`: the STUN and TURN servers the pair uses (none by default: loopback needs none).
 */
export const bare = (pagesUrl, { sync = false, data = false, fastStart = false, iceServers = null } = {}) => ({
  name: sync ? 'bareSync' : data ? 'bareData' : fastStart ? 'bareFast' : 'bare',
  label: sync
    ? 'Bare RTCPeerConnection pair, tracks in one MediaStream (lip-synced)'
    : data
      ? 'Bare RTCPeerConnection pair + two data channels'
      : fastStart
        ? 'Bare RTCPeerConnection pair, video started at half size as Parley does'
        : 'Bare RTCPeerConnection pair + WebSocket relay',
  async prepare(host, joiner, room) {
    const q =
      `room=${room}&sync=${sync ? 1 : 0}&data=${data ? 1 : 0}&scale=${fastStart ? 2 : 1}` +
      (iceServers ? `&ice=${encodeURIComponent(JSON.stringify(iceServers))}` : '');
    await host.page.goto(`${pagesUrl}/bare.html?${q}&role=host`);
    await host.page.waitForFunction(() => window.benchReady === true, null, { timeout: READY_TIMEOUT });
    await joiner.page.goto(`${pagesUrl}/bare.html?${q}&role=joiner`);
    await joiner.page.waitForFunction(() => window.benchReady === true, null, { timeout: READY_TIMEOUT });
  },
  async trigger(joiner) {
    await joiner.page.evaluate(() => window.start());
  },
  remoteVideo: '#remote',
});

export const peerjs = (pagesUrl, peerServer) => ({
  name: 'peerjs',
  label: 'PeerJS call + peer server',
  async prepare(host, joiner, room) {
    const q = `host=${peerServer.host}&port=${peerServer.port}`;
    await host.page.goto(`${pagesUrl}/peerjs.html?${q}&role=host&self=${room}-h`);
    await host.page.waitForFunction(() => window.benchReady === true, null, { timeout: READY_TIMEOUT });
    await joiner.page.goto(`${pagesUrl}/peerjs.html?${q}&role=joiner&self=${room}-j&other=${room}-h`);
    await joiner.page.waitForFunction(() => window.benchReady === true, null, { timeout: READY_TIMEOUT });
  },
  async trigger(joiner) {
    await joiner.page.evaluate(() => window.start());
  },
  remoteVideo: '#remote',
});

/** Leaves every page (the call ends: pagehide), so nothing of this call runs during the next. */
export async function hangUp(...participants) {
  await Promise.all(participants.map((p) => p.page.goto('about:blank').catch(() => undefined)));
  await sleep(100);
}
