import type { Locator, Page } from '@playwright/test';
import type { Config } from '@parley/server';
import { JanusServer } from '@parley/testkit';
import { startParley, type RunningParley } from './server.js';

export { JanusServer };

/** A real Janus on 127.0.0.1 (loopback-only ICE) and a Parley server in SFU mode driving it. */
export async function startSfuParley(
  config: Partial<Config> = {},
): Promise<{ janus: JanusServer; parley: RunningParley; close(): Promise<void> }> {
  const janus = await JanusServer.start();
  try {
    const parley = await startParley({ config: { janusUrls: [janus.url], meshMax: 4, ...config } });
    return {
      janus,
      parley,
      async close() {
        await parley.close();
        await janus.stop();
      },
    };
  } catch (error) {
    await janus.stop();
    throw error;
  }
}

/**
 * Starts watching every remote tile's `<video>` of a page: each presented frame
 * (requestVideoFrameCallback) is timed, so `stopFrameGapWatch` can say the longest time a tile
 * showed the same picture, across whatever happens meanwhile (the move to the SFU). Tiles are
 * found again every 200 ms; one that disappears is reported.
 */
export async function startFrameGapWatch(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Watch = {
      last: number;
      maxGap: number;
      maxGapEnd: number;
      frames: number;
      vanished: boolean;
      /** What the last counted frame came from: a change is a switch of stream. */
      from: { element: HTMLVideoElement; source: unknown } | null;
      rebinds: number[];
      switchGaps: number[];
      /** When each counted frame came (page clock): to tell a page-wide stall from a frozen tile. */
      times: number[];
      /** [old stream's last frame, new stream's first frame] per switch. */
      switches: [number, number][];
    };
    const scope = window as unknown as { __gapWatch?: { watches: Map<string, Watch>; timer: number } };
    const watches = new Map<string, Watch>();
    const followed = new WeakSet<HTMLVideoElement>();
    // Every <video> of a tile is followed, but only frames of the one on show count (the tile's
    // `remote-video`; a handover warms the next one up hidden beside it).
    const follow = (watch: Watch, element: HTMLVideoElement) => {
      followed.add(element);
      const onFrame = (now: number) => {
        if (!scope.__gapWatch || !element.isConnected) return;
        element.requestVideoFrameCallback(onFrame);
        if (element.getAttribute('data-testid') !== 'remote-video') return;
        if (watch.from && (watch.from.element !== element || watch.from.source !== element.srcObject)) {
          // The first frame of another stream (the tile moved from the mesh to the SFU): the time
          // since the old stream's last frame is what the switch cost to watch.
          watch.rebinds.push(Math.round(now));
          watch.switchGaps.push(Math.round(now - watch.last));
          watch.switches.push([watch.last, now]);
        }
        watch.times.push(now);
        watch.from = { element, source: element.srcObject };
        if (watch.last > 0 && now - watch.last > watch.maxGap) {
          watch.maxGap = now - watch.last;
          watch.maxGapEnd = now;
        }
        watch.last = now;
        watch.frames += 1;
      };
      element.requestVideoFrameCallback(onFrame);
    };
    const scan = () => {
      const seen = new Set<string>();
      for (const tile of document.querySelectorAll('[data-testid="participant-tile"]')) {
        const name = tile.getAttribute('data-participant-name') ?? '?';
        seen.add(name);
        let watch = watches.get(name);
        if (!watch) {
          watch = {
            last: 0,
            maxGap: 0,
            maxGapEnd: 0,
            frames: 0,
            vanished: false,
            from: null,
            rebinds: [],
            switchGaps: [],
            times: [],
            switches: [],
          };
          watches.set(name, watch);
        }
        for (const element of tile.querySelectorAll('video')) if (!followed.has(element)) follow(watch, element);
      }
      for (const [name, watch] of watches) if (!seen.has(name)) watch.vanished = true;
    };
    scope.__gapWatch = { watches, timer: window.setInterval(scan, 50) };
    scan();
  });
}

export interface FrameGap {
  name: string;
  /** Longest time between two presented frames, in ms. */
  maxGapMs: number;
  frames: number;
  vanished: boolean;
  /** When (page clock, ms) the longest gap ended, and when the tile first showed another stream: for reports. */
  maxGapEndMs: number;
  rebindsMs: number[];
  /** Per change of stream: ms between the old stream's last frame and the new one's first. */
  switchGapsMs: number[];
  /**
   * The same, less the time within it when the page presented no frame of any tile (a page-wide
   * stall: the CPU was elsewhere, the renderer did not run). What the switch itself froze.
   */
  switchGapsBeyondStallsMs: number[];
  /** The tile's longest time without a frame, less page-wide stalls within it. */
  maxGapBeyondStallsMs: number;
}

export async function stopFrameGapWatch(page: Page): Promise<FrameGap[]> {
  return page.evaluate(() => {
    const scope = window as unknown as {
      __gapWatch?: {
        watches: Map<
          string,
          {
            maxGap: number;
            maxGapEnd: number;
            frames: number;
            vanished: boolean;
            last: number;
            rebinds: number[];
            switchGaps: number[];
            times: number[];
            switches: [number, number][];
          }
        >;
        timer: number;
      };
    };
    const state = scope.__gapWatch;
    if (!state) return [];
    window.clearInterval(state.timer);
    delete scope.__gapWatch;
    const now = performance.now();
    // Page-wide stalls: stretches longer than 200 ms (two frame intervals at 10 fps) in which no
    // tile of the page presented a frame.
    const all = [...state.watches.values()].flatMap((watch) => watch.times).sort((a, b) => a - b);
    const stalls: [number, number][] = [];
    for (let i = 1; i < all.length; i++) if (all[i]! - all[i - 1]! > 200) stalls.push([all[i - 1]!, all[i]!]);
    const beyondStalls = ([from, to]: [number, number]) =>
      Math.round(stalls.reduce((left, [a, b]) => left - Math.max(0, Math.min(b, to) - Math.max(a, from)), to - from));
    return [...state.watches].map(([name, watch]) => ({
      name,
      // A tile frozen at the end counts up to now.
      maxGapMs: Math.round(Math.max(watch.maxGap, watch.last > 0 ? now - watch.last : now)),
      frames: watch.frames,
      vanished: watch.vanished,
      maxGapEndMs: Math.round(watch.maxGapEnd),
      rebindsMs: watch.rebinds,
      switchGapsMs: watch.switchGaps,
      switchGapsBeyondStallsMs: watch.switches.map(beyondStalls),
      maxGapBeyondStallsMs: watch.times.reduce((max, t, i) => (i === 0 ? max : Math.max(max, beyondStalls([watch.times[i - 1]!, t]))), 0),
    }));
  });
}

/**
 * Per open peer connection of the page, how many inbound videos decode new frames over
 * `windowMs` (W3C webrtc-stats inbound-rtp framesDecoded): in SFU mode one connection (the
 * subscriber) carries everyone's video and the mesh links none.
 */
export async function advancingVideosPerConnection(page: Page, windowMs = 1_500): Promise<number[]> {
  return page.evaluate(async (ms) => {
    const pcs = ((window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []).filter((pc) => pc.connectionState !== 'closed');
    const decoded = async (pc: RTCPeerConnection) => {
      const frames = new Map<string, number>();
      (await pc.getStats()).forEach((stat: { id: string; type: string; kind?: string; framesDecoded?: number }) => {
        if (stat.type === 'inbound-rtp' && stat.kind === 'video') frames.set(stat.id, stat.framesDecoded ?? 0);
      });
      return frames;
    };
    const before = await Promise.all(pcs.map(decoded));
    await new Promise((resolve) => setTimeout(resolve, ms));
    const after = await Promise.all(pcs.map(decoded));
    return after.map((frames, i) => [...frames].filter(([id, n]) => n > (before[i]!.get(id) ?? 0)).length);
  }, windowMs);
}

/** The screen tile of `name` at a viewer. */
export function screenTileOf(page: Page, name: string): Locator {
  return page.locator(`[data-testid="screen-tile"][data-participant-name="${name}"]`);
}

/** Per open peer connection: its state and inbound video (decoded frames, bytes), for failure messages. */
export async function connectionSummary(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const pcs = ((window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []).filter((pc) => pc.signalingState !== 'closed');
    const lines: string[] = [];
    for (const pc of pcs) {
      const videos: string[] = [];
      (await pc.getStats()).forEach(
        (stat: { type: string; kind?: string; framesDecoded?: number; bytesReceived?: number; mid?: string }) => {
          if (stat.type === 'inbound-rtp' && stat.kind === 'video')
            videos.push(`${stat.mid ?? '?'}:${stat.framesDecoded ?? 0}f/${stat.bytesReceived ?? 0}B`);
        },
      );
      lines.push(`${pc.connectionState} [${videos.join(' ')}]`);
    }
    return lines.join(' | ');
  });
}
