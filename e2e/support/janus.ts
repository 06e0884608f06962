import type { Locator, Page } from '@playwright/test';
import type { Config } from '@parley/server';
import { JanusServer } from '@parley/testkit';
import { startParleyProcess, type ParleyProcessServer } from './server.js';

export { JanusServer };

/** The Janus servers running now for this worker's tests: the fixtures attach their output when a test fails. */
export const runningJanus = new Set<JanusServer>();

/** A real Janus on 127.0.0.1 (loopback-only ICE) and a Parley server (its own process) in SFU mode driving it. */
export async function startSfuParley(
  config: Partial<Config> = {},
): Promise<{ janus: JanusServer; parley: ParleyProcessServer; close(): Promise<void> }> {
  const janus = await JanusServer.start();
  runningJanus.add(janus);
  const stopJanus = async () => {
    runningJanus.delete(janus);
    await janus.stop();
  };
  try {
    const parley = await startParleyProcess({ config: { janusUrls: [janus.url], meshMax: 4, ...config } });
    return {
      janus,
      parley,
      async close() {
        await parley.close();
        await stopJanus();
      },
    };
  } catch (error) {
    await stopJanus();
    throw error;
  }
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
