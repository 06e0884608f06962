import type { Locator, Page } from '@playwright/test';

// totalAudioEnergy sums (level² × seconds) (W3C webrtc-stats, RTCInboundRtpStreamStats). A muted
// sender's packets carry digital silence, but the receiver's jitter buffer may still smear in a
// trace of concealment noise on a loaded machine (1.5e-9 seen in CI). Below this, over the
// 1.5 s window, the level is under −60 dBFS: nothing anyone hears. A talking fake mic gives ~1e-2.
export const SILENCE_ENERGY = 1e-6;

/**
 * Test-side instrumentation, injected before any page script runs: every RTCPeerConnection the
 * app creates is recorded in `window.__pcs` (so the tests can read getStats()), and every camera
 * and microphone track it gets in `window.__captured` (so they can tell whether the camera light
 * is on). The app itself never exposes either. Serialized by Playwright: keep it self-contained.
 */
export function installPeerConnectionRecorder(): void {
  const scope = window as unknown as {
    RTCPeerConnection: typeof RTCPeerConnection;
    __pcs: RTCPeerConnection[];
    __captured: MediaStreamTrack[];
  };
  const Original = scope.RTCPeerConnection;
  if (!Original || scope.__pcs) return;
  scope.__pcs = [];
  scope.__captured = [];
  class RecordedPeerConnection extends Original {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      scope.__pcs.push(this);
    }
  }
  scope.RTCPeerConnection = RecordedPeerConnection;
  const devices = navigator.mediaDevices;
  if (devices?.getUserMedia) {
    const getUserMedia = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      const stream = await getUserMedia(constraints);
      scope.__captured.push(...stream.getTracks());
      return stream;
    };
  }
}

/** Open peer connections and live camera/microphone tracks in the page right now. */
export async function readDeviceUse(page: Page): Promise<{ openPeerConnections: number; liveCaptureTracks: string[] }> {
  return page.evaluate(() => {
    const scope = window as unknown as { __pcs?: RTCPeerConnection[]; __captured?: MediaStreamTrack[] };
    return {
      openPeerConnections: (scope.__pcs ?? []).filter((pc) => pc.signalingState !== 'closed').length,
      liveCaptureTracks: (scope.__captured ?? []).filter((track) => track.readyState === 'live').map((track) => track.kind),
    };
  });
}

/** Inbound media counters summed over the page's open peer connections (cumulative values). */
export interface InboundTotals {
  /**
   * Number of inbound-rtp video streams that decoded frames (a connection's screen-share slot is
   * negotiated at join but carries no pictures, only bandwidth-probe padding, until someone shares).
   */
  videoStreams: number;
  /** Number of inbound-rtp audio streams that received packets. */
  audioStreams: number;
  framesDecoded: number;
  /** Largest decoded frame width among the video streams. */
  frameWidth: number;
  audioPacketsReceived: number;
  totalAudioEnergy: number;
  /** Open (not closed) RTCPeerConnections in the page. */
  openPeerConnections: number;
}

export interface InboundSample {
  before: InboundTotals;
  after: InboundTotals;
  /** after − before for the cumulative counters, over `windowMs`. */
  delta: { framesDecoded: number; audioPacketsReceived: number; totalAudioEnergy: number };
  windowMs: number;
}

/**
 * Reads inbound-rtp stats from every open RTCPeerConnection of the page. With `trackIds`,
 * only the streams feeding those tracks count (inbound-rtp `trackIdentifier` is the receiver
 * track's id), i.e. exactly what one tile shows and plays.
 */
export async function readInbound(page: Page, trackIds?: string[]): Promise<InboundTotals> {
  return page.evaluate(async (ids) => {
    const pcs = ((window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []).filter((pc) => pc.signalingState !== 'closed');
    const totals = {
      videoStreams: 0,
      audioStreams: 0,
      framesDecoded: 0,
      frameWidth: 0,
      audioPacketsReceived: 0,
      totalAudioEnergy: 0,
      openPeerConnections: pcs.length,
    };
    for (const pc of pcs) {
      const report = await pc.getStats();
      report.forEach((stat: Record<string, unknown>) => {
        if (stat.type !== 'inbound-rtp') return;
        if (ids && !ids.includes(String(stat.trackIdentifier))) return;
        if (stat.kind === 'video') {
          totals.videoStreams += Number(stat.framesDecoded ?? 0) > 0 ? 1 : 0;
          totals.framesDecoded += Number(stat.framesDecoded ?? 0);
          totals.frameWidth = Math.max(totals.frameWidth, Number(stat.frameWidth ?? 0));
        } else if (stat.kind === 'audio') {
          totals.audioStreams += Number(stat.packetsReceived ?? 0) > 0 ? 1 : 0;
          totals.audioPacketsReceived += Number(stat.packetsReceived ?? 0);
          totals.totalAudioEnergy += Number(stat.totalAudioEnergy ?? 0);
        }
      });
    }
    return totals;
  }, trackIds ?? null);
}

/** Samples inbound stats twice, `windowMs` apart, and returns the growth in between. */
export async function sampleInbound(page: Page, options: { trackIds?: string[]; windowMs?: number } = {}): Promise<InboundSample> {
  const windowMs = options.windowMs ?? 1500;
  const before = await readInbound(page, options.trackIds);
  await page.waitForTimeout(windowMs); // the sampling window itself, not a wait for a state
  const after = await readInbound(page, options.trackIds);
  return {
    before,
    after,
    windowMs,
    delta: {
      framesDecoded: after.framesDecoded - before.framesDecoded,
      audioPacketsReceived: after.audioPacketsReceived - before.audioPacketsReceived,
      totalAudioEnergy: after.totalAudioEnergy - before.totalAudioEnergy,
    },
  };
}

/** Ids of the tracks a tile's `<video>` is playing (its srcObject). */
export async function tileTrackIds(tile: Locator): Promise<{ video: string[]; audio: string[] }> {
  return tile.locator('video').evaluate((element: HTMLVideoElement) => {
    const stream = element.srcObject instanceof MediaStream ? element.srcObject : null;
    return {
      video: stream ? stream.getVideoTracks().map((track) => track.id) : [],
      audio: stream ? stream.getAudioTracks().map((track) => track.id) : [],
    };
  });
}

export interface VideoWatch {
  /** requestVideoFrameCallback callbacks over the window: frames actually presented. */
  frames: number;
  videoWidth: number;
  videoHeight: number;
  paused: boolean;
  muted: boolean;
  windowMs: number;
}

/** Counts frames presented by a `<video>` over `windowMs` (requestVideoFrameCallback) and reads its size. */
export async function watchVideo(video: Locator, windowMs = 1000): Promise<VideoWatch> {
  return video.evaluate(
    (element: HTMLVideoElement, ms: number) =>
      new Promise<VideoWatch>((resolve) => {
        let frames = 0;
        let running = true;
        const onFrame = () => {
          if (!running) return;
          frames += 1;
          element.requestVideoFrameCallback(onFrame);
        };
        element.requestVideoFrameCallback(onFrame);
        setTimeout(() => {
          running = false;
          resolve({
            frames,
            videoWidth: element.videoWidth,
            videoHeight: element.videoHeight,
            paused: element.paused,
            muted: element.muted,
            windowMs: ms,
          });
        }, ms);
      }),
    windowMs,
  );
}
