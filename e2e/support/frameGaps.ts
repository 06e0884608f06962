import type { Page } from '@playwright/test';

/** [from, to] in ms since the epoch: every page of the machine shares that clock. */
type Span = [number, number];

/** What one page saw of one remote tile while watched. */
interface TileWatch {
  name: string;
  frames: number;
  vanished: boolean;
  /** When each presented frame of the tile's shown `<video>` came. */
  times: number[];
  /** [old stream's last frame, new stream's first frame] per change of stream (mesh → SFU). */
  switches: Span[];
}

/** What one page's watch recorded. */
export interface PageWatch {
  /** Whose page (the participant's name, as others' tiles show it). */
  name: string;
  /** When the watch started and stopped. */
  startedAt: number;
  stoppedAt: number;
  tiles: TileWatch[];
}

export interface FrameGap {
  name: string;
  frames: number;
  vanished: boolean;
  /** Longest time between two presented frames (a tile frozen at the end counts up to then), in ms. */
  maxGapMs: number;
  /** Per change of stream: ms between the old stream's last frame and the new one's first. */
  switchGapsMs: number[];
  /** The same, less the time within it when the viewer's or the sender's page was stalled (see frameGaps). */
  switchGapsBeyondStallsMs: number[];
  /** The tile's longest time without a frame, less such stalls within it. */
  maxGapBeyondStallsMs: number;
}

/**
 * Starts watching every remote tile's `<video>` of a page: each presented frame
 * (requestVideoFrameCallback) is timed, so the longest time a tile showed the same picture can be
 * told across whatever happens meanwhile (the move to the SFU). Tiles are found again every 50 ms;
 * one that disappears is reported.
 */
export async function startFrameGapWatch(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Watch = {
      frames: number;
      vanished: boolean;
      /** What the last counted frame came from: a change is a switch of stream. */
      from: { element: HTMLVideoElement; source: unknown } | null;
      times: number[];
      switches: [number, number][];
    };
    const scope = window as unknown as { __gapWatch?: { watches: Map<string, Watch>; timer: number; startedAt: number } };
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
        const at = performance.timeOrigin + now;
        const last = watch.times.at(-1);
        if (watch.from && last !== undefined && (watch.from.element !== element || watch.from.source !== element.srcObject)) {
          watch.switches.push([last, at]);
        }
        watch.times.push(at);
        watch.from = { element, source: element.srcObject };
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
          watch = { frames: 0, vanished: false, from: null, times: [], switches: [] };
          watches.set(name, watch);
        }
        for (const element of tile.querySelectorAll('video')) if (!followed.has(element)) follow(watch, element);
      }
      for (const [name, watch] of watches) if (!seen.has(name)) watch.vanished = true;
    };
    scope.__gapWatch = { watches, timer: window.setInterval(scan, 50), startedAt: performance.timeOrigin + performance.now() };
    scan();
  });
}

/** Stops `page`'s watch and returns what it recorded. */
export async function stopFrameGapWatch(page: Page, name: string): Promise<PageWatch> {
  const recorded = await page.evaluate(() => {
    type Watch = { frames: number; vanished: boolean; times: number[]; switches: [number, number][] };
    const scope = window as unknown as { __gapWatch?: { watches: Map<string, Watch>; timer: number; startedAt: number } };
    const state = scope.__gapWatch;
    if (!state) return null;
    window.clearInterval(state.timer);
    delete scope.__gapWatch;
    return {
      startedAt: state.startedAt,
      stoppedAt: performance.timeOrigin + performance.now(),
      tiles: [...state.watches].map(([tile, { frames, vanished, times, switches }]) => ({ name: tile, frames, vanished, times, switches })),
    };
  });
  if (!recorded) throw new Error(`no frame-gap watch running on ${name}'s page`);
  return { name, ...recorded };
}

/**
 * Stretches longer than 200 ms (two frame intervals at 10 fps) in which a page presented no frame
 * of any tile: its renderer did not run (the CPU was elsewhere). Nothing Parley does stalls a
 * whole page; a machine running six browsers beside other work does.
 */
function pageStalls(watch: PageWatch): Span[] {
  const all = watch.tiles.flatMap((tile) => tile.times).sort((a, b) => a - b);
  const stalls: Span[] = [];
  for (let i = 1; i < all.length; i++) if (all[i]! - all[i - 1]! > 200) stalls.push([all[i - 1]!, all[i]!]);
  return stalls;
}

/** `spans` as disjoint spans in order (overlaps joined), so no time counts twice. */
function merge(spans: readonly Span[]): Span[] {
  const merged: Span[] = [];
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    const last = merged.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/** How much of `span` lies outside every one of `excused` (disjoint, see merge). */
function beyond([from, to]: Span, excused: readonly Span[]): number {
  const covered = excused.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b, to) - Math.max(a, from)), 0);
  return Math.round(to - from - covered);
}

/**
 * What `viewer` saw of each other tile, with the freezes the viewer's page or the sender's page
 * caused set apart. A tile frozen while its viewer's renderer did not run is the viewer's machine;
 * frozen while the sender's page presented nothing either, it is the sender's renderer (which also
 * encodes its camera) starved. What remains is what Parley froze. `watches` holds every watched
 * page, the viewer's among them; a sender not among them is judged by the viewer's stalls alone.
 */
export function frameGaps(viewer: string, watches: readonly PageWatch[]): FrameGap[] {
  const own = watches.find((watch) => watch.name === viewer);
  if (!own) throw new Error(`no watch of ${viewer}'s page`);
  const stallsOf = new Map(watches.map((watch) => [watch.name, pageStalls(watch)]));
  return own.tiles.map((tile) => {
    const excused = merge([...stallsOf.get(viewer)!, ...(stallsOf.get(tile.name) ?? [])]);
    const gaps: Span[] = tile.times.slice(1).map((time, i) => [tile.times[i]!, time]);
    // A tile frozen at the end (or never shown) counts up to the watch's end.
    gaps.push([tile.times.at(-1) ?? own.startedAt, own.stoppedAt]);
    return {
      name: tile.name,
      frames: tile.frames,
      vanished: tile.vanished,
      maxGapMs: Math.round(Math.max(...gaps.map(([a, b]) => b - a))),
      switchGapsMs: tile.switches.map(([a, b]) => Math.round(b - a)),
      switchGapsBeyondStallsMs: tile.switches.map((span) => beyond(span, excused)),
      maxGapBeyondStallsMs: Math.max(...gaps.map((span) => beyond(span, excused))),
    };
  });
}
