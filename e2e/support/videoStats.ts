import type { Page } from '@playwright/test';

/**
 * Every video stream of a page's open connections as getStats() tells it (W3C webrtc-stats §6.3
 * inbound-rtp, §6.5 outbound-rtp): what a failure report needs to tell a starved encoder
 * (qualityLimitationReason `cpu`, few frames encoded) from a lost path or a layer never sent.
 * Each received stream names the tile whose <video> plays its track (`shown in …`), or says it
 * is shown nowhere: a tile bound to another track than the one decoding is told apart.
 */
export async function videoStats(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const pcs = ((window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []).filter((pc) => pc.signalingState !== 'closed');
    const lines: string[] = [];
    // Which tile plays which track (the tile's participant name, and which of its <video>s).
    const shownIn = new Map<string, string>();
    document.querySelectorAll<HTMLElement>('[data-participant-name]').forEach((tile) => {
      tile.querySelectorAll('video').forEach((video, index) => {
        const stream = video.srcObject instanceof MediaStream ? video.srcObject : null;
        for (const track of stream?.getVideoTracks() ?? []) {
          shownIn.set(
            track.id,
            `${tile.dataset.participantName} video ${index} (${track.readyState}, played ${video.getVideoPlaybackQuality().totalVideoFrames})`,
          );
        }
      });
    });
    for (const [index, pc] of pcs.entries()) {
      const trackOfMid = new Map(pc.getTransceivers().map((transceiver) => [transceiver.mid, transceiver.receiver.track.id]));
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
              `packets ${stat.packetsReceived} lost ${stat.packetsLost} nack ${stat.nackCount} pli ${stat.pliCount} ` +
              `shown in ${shownIn.get(trackOfMid.get(stat.mid ?? null) ?? '') ?? 'no tile'}`,
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
