import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';

/** How the audio of a page's one open peer connection is carried, and what its receiver had to make up. */
export interface AudioLink {
  /**
   * The first audio codec of the other side's description: what this side sends with (RFC 3264
   * §6.1), `red/48000/2` when each packet carries the previous frame too. (getStats names the
   * primary codec, Opus, either way.)
   */
  sendCodec: string | null;
  /** Bytes per microphone packet sent: about twice Opus's alone when RED carries each frame twice. */
  bytesPerPacketSent: number;
  /** The Opus parameters the other side asked for in its description (RFC 7587 §6.1), e.g. `useinbandfec=1;usedtx=1`. */
  remoteOpusParameters: string | null;
  /** Samples the receiver played (webrtc-stats RTCInboundRtpStreamStats.totalSamplesReceived) … */
  totalSamplesReceived: number;
  /** … and those it had to conceal because their packet never came (concealedSamples). */
  concealedSamples: number;
}

/** The audio of the page's one open peer connection (the other person's microphone: the inbound stream with most samples). */
export async function readAudioLink(page: Page): Promise<AudioLink> {
  return page.evaluate(async () => {
    const pcs = ((window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []).filter((pc) => pc.connectionState !== 'closed');
    if (pcs.length !== 1) throw new Error(`expected one open peer connection, found ${pcs.length}`);
    const pc = pcs[0]!;
    const stats = new Map<string, Record<string, unknown>>();
    (await pc.getStats()).forEach((stat: Record<string, unknown>) => stats.set(String(stat.id), stat));
    const audio = (type: string, count: string) =>
      [...stats.values()]
        .filter((s) => s.type === type && s.kind === 'audio')
        .sort((a, b) => Number(b[count] ?? 0) - Number(a[count] ?? 0))[0];
    const inbound = audio('inbound-rtp', 'totalSamplesReceived');
    const outbound = audio('outbound-rtp', 'packetsSent');
    const sdp = pc.remoteDescription?.sdp ?? '';
    const first = /^m=audio \S+ \S+ (\d+)/m.exec(sdp)?.[1];
    const firstCodec = first ? new RegExp(`^a=rtpmap:${first} (\\S+)`, 'm').exec(sdp)?.[1] : undefined;
    const opus = /^a=rtpmap:(\d+) opus\/48000\/2/m.exec(sdp)?.[1];
    const parameters = opus ? new RegExp(`^a=fmtp:${opus} (.*?)\\r?$`, 'm').exec(sdp)?.[1] : undefined;
    return {
      sendCodec: firstCodec ?? null,
      bytesPerPacketSent: Number(outbound?.bytesSent ?? 0) / Math.max(1, Number(outbound?.packetsSent ?? 0)),
      remoteOpusParameters: parameters ?? null,
      totalSamplesReceived: Number(inbound?.totalSamplesReceived ?? 0),
      concealedSamples: Number(inbound?.concealedSamples ?? 0),
    };
  });
}

/** The share of played samples that were concealed between two readings. */
export function concealedShare(before: AudioLink, after: AudioLink): number {
  const total = after.totalSamplesReceived - before.totalSamplesReceived;
  return total > 0 ? (after.concealedSamples - before.concealedSamples) / total : Number.NaN;
}

/**
 * A steady tone for Chromium's --use-file-for-fake-audio-capture (48 kHz mono, 16-bit, looped): never
 * silent, so Opus never pauses for DTX and every sample the receiver plays is either heard or concealed.
 */
export async function makeTone(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'tone-440.wav');
  await promisify(execFile)('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', path, 'synth', '10', 'sine', '440', 'vol', '0.3']);
  return path;
}
