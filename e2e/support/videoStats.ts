import type { Page } from '@playwright/test';

/**
 * Every video stream of a page's open connections as getStats() tells it (W3C webrtc-stats §6.3
 * inbound-rtp, §6.5 outbound-rtp): what a failure report needs to tell a starved encoder
 * (qualityLimitationReason `cpu`, few frames encoded) from a lost path or a layer never sent.
 */
export async function videoStats(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const pcs = ((window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []).filter((pc) => pc.signalingState !== 'closed');
    const lines: string[] = [];
    for (const [index, pc] of pcs.entries()) {
      lines.push(`connection ${index}: ${pc.connectionState}`);
      type VideoRtp = {
        type: string;
        kind?: string;
        mid?: string;
        rid?: string;
        frameWidth?: number;
        frameHeight?: number;
        framesDecoded?: number;
        framesEncoded?: number;
        framesPerSecond?: number;
        packetsReceived?: number;
        packetsLost?: number;
        nackCount?: number;
        pliCount?: number;
        active?: boolean;
        qualityLimitationReason?: string;
      };
      (await pc.getStats()).forEach((stat: VideoRtp) => {
        if (stat.kind !== 'video') return;
        const size = `${stat.frameWidth ?? '?'}x${stat.frameHeight ?? '?'}`;
        const fps = stat.framesPerSecond ?? '-';
        if (stat.type === 'inbound-rtp') {
          lines.push(
            `  in  mid ${stat.mid} ${size} decoded ${stat.framesDecoded} fps ${fps} ` +
              `packets ${stat.packetsReceived} lost ${stat.packetsLost} nack ${stat.nackCount} pli ${stat.pliCount}`,
          );
        }
        if (stat.type === 'outbound-rtp') {
          lines.push(
            `  out mid ${stat.mid} rid ${stat.rid ?? '-'} ${size} encoded ${stat.framesEncoded} ` +
              `fps ${fps} active ${stat.active ?? '-'} limited ${stat.qualityLimitationReason ?? '-'}`,
          );
        }
      });
    }
    return lines;
  });
}
