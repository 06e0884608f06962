import type { Locator, Page } from '@playwright/test';
import type { RtpPacket } from './rtpForward.js';

/**
 * VP8 out of RTP (RFC 7741) and back into pictures: what a copy of a video stream taken on the
 * media server shows when decoded, next to what the sender's camera showed. Pictures are compared
 * small (32×18, the camera's 16:9) and averaged over a few seconds: Chromium's fake camera is a
 * mostly uniform background with a moving shape and a counter, so the mean absolute difference of
 * two such averages is small for the same video and large for anything else.
 */

export const PICTURE_WIDTH = 32;
export const PICTURE_HEIGHT = 18;

/** One encoded VP8 frame, reassembled from its RTP packets. */
export interface Vp8Frame {
  key: boolean;
  /** RTP timestamp (90 kHz), unwrapped from the first frame. */
  rtpTime: number;
  data: Buffer;
  /** A key frame's size from its uncompressed header (RFC 6386 §9.1). */
  width?: number;
  height?: number;
}

/** The VP8 payload descriptor (RFC 7741 §4.2) of one packet, and what follows it. */
export function vp8Descriptor(payload: Buffer): { start: boolean; partition: number; data: Buffer } | null {
  if (payload.length < 1) return null;
  const first = payload[0]!;
  let offset = 1;
  if (first & 0x80) {
    // X: an extension byte saying which optional fields follow.
    const extension = payload[1];
    if (extension === undefined) return null;
    offset = 2;
    if (extension & 0x80) offset += (payload[offset] ?? 0) & 0x80 ? 2 : 1; // I: PictureID, 7 or 15 bits
    if (extension & 0x40) offset += 1; // L: TL0PICIDX
    if (extension & 0x30) offset += 1; // T or K: TID / Y / KEYIDX
  }
  if (offset > payload.length) return null;
  return { start: (first & 0x10) !== 0, partition: first & 0x07, data: payload.subarray(offset) };
}

/** Sequence numbers unwrapped (RFC 3550 §A.1) around the first packet's, so a 16-bit wrap sorts right. */
function unwrapSequences(packets: readonly RtpPacket[]): Array<{ packet: RtpPacket; index: number }> {
  let last = -1;
  let cycles = 0;
  return packets.map((packet) => {
    if (last >= 0) {
      const delta = packet.sequence - last;
      if (delta < -0x8000) cycles += 0x10000;
      else if (delta > 0x8000) cycles -= 0x10000;
    }
    last = packet.sequence;
    return { packet, index: cycles + packet.sequence };
  });
}

/**
 * The complete frames of one SSRC's packets, in order: a frame starts at a packet with the S bit
 * and partition 0, runs over consecutive sequence numbers of one RTP timestamp and ends at the
 * marker bit (RFC 7741 §4.1, §4.5). A frame with a packet missing is dropped, and so is every
 * frame after it up to the next key frame (they refer to what was lost). Begins at the first key
 * frame: bit 0 of a frame's first byte is 0 for a key frame (RFC 6386 §9.1).
 */
export function depacketizeVp8(packets: readonly RtpPacket[]): Vp8Frame[] {
  const seen = new Set<number>();
  const ordered = unwrapSequences(packets)
    .filter(({ index }) => (seen.has(index) ? false : (seen.add(index), true)))
    .sort((a, b) => a.index - b.index);
  const frames: Vp8Frame[] = [];
  let current: { parts: Buffer[]; timestamp: number; next: number } | null = null;
  let chainBroken = true; // until the first key frame
  let firstTimestamp: number | null = null;
  let lastTimestamp = 0;
  let timeCycles = 0;
  for (const { packet, index } of ordered) {
    const descriptor = vp8Descriptor(packet.payload);
    if (!descriptor || descriptor.data.length === 0) continue; // padding
    if (descriptor.start && descriptor.partition === 0) {
      if (current) chainBroken = true; // the previous frame never ended
      current = { parts: [descriptor.data], timestamp: packet.timestamp, next: index + 1 };
    } else if (current && index === current.next && packet.timestamp === current.timestamp) {
      current.parts.push(descriptor.data);
      current.next = index + 1;
    } else {
      if (current) chainBroken = true;
      current = null;
      continue;
    }
    if (!packet.marker) continue;
    const data = Buffer.concat(current.parts);
    current = null;
    const key = ((data[0] ?? 1) & 0x01) === 0;
    if (key) chainBroken = false;
    if (chainBroken) continue;
    if (firstTimestamp === null) firstTimestamp = packet.timestamp;
    if (packet.timestamp < lastTimestamp && lastTimestamp - packet.timestamp > 0x80000000) timeCycles += 0x100000000;
    lastTimestamp = packet.timestamp;
    const frame: Vp8Frame = { key, rtpTime: packet.timestamp + timeCycles - firstTimestamp, data };
    if (key && data.length >= 10 && data[3] === 0x9d && data[4] === 0x01 && data[5] === 0x2a) {
      frame.width = data.readUInt16LE(6) & 0x3fff;
      frame.height = data.readUInt16LE(8) & 0x3fff;
    }
    frames.push(frame);
  }
  return frames;
}

/** Packets per SSRC, and the SSRC that carried the most payload (the largest simulcast layer that moved). */
export function largestStream(packets: readonly RtpPacket[]): { ssrc: number | null; bytesBySsrc: Record<string, number> } {
  const bytes = new Map<number, number>();
  for (const packet of packets) bytes.set(packet.ssrc, (bytes.get(packet.ssrc) ?? 0) + packet.payload.length);
  let ssrc: number | null = null;
  for (const [candidate, total] of bytes) if (ssrc === null || total > bytes.get(ssrc)!) ssrc = candidate;
  return { ssrc, bytesBySsrc: Object.fromEntries([...bytes].map(([id, total]) => [String(id), total])) };
}

/** An average small picture: PICTURE_WIDTH × PICTURE_HEIGHT × RGB, 0–255, row by row. */
export type Picture = number[];

export interface DecodeResult {
  /** Whether the page's VideoDecoder says it can decode VP8 at all. */
  supported: boolean;
  /** Frames handed to the decoder, and how many of them were key frames. */
  chunks: number;
  keyFrames: number;
  /** Pictures the decoder output. */
  decoded: number;
  /** Decoder errors (each closes the decoder: the rest of that group of pictures is lost). */
  errorCount: number;
  errors: string[];
  /** Sizes of the decoded pictures. */
  sizes: string[];
  /** The average decoded picture, or null when nothing decoded. */
  picture: Picture | null;
}

/**
 * How to read the colours of VP8: a key frame's colour-space bit is 0, ITU-R BT.601 (RFC 6386
 * §9.2), limited range, which is how libwebrtc encodes the camera and how its receivers show it.
 * Chromium's WebCodecs decoder labels VP8 frames BT.709 unless the configuration says otherwise:
 * the fake camera's green then comes out about a third darker (G 103 instead of 151, measured), a
 * difference that is not the encryption's.
 */
export const WEBRTC_VP8_COLOUR: VideoColorSpaceInit = {
  primaries: 'smpte170m',
  transfer: 'smpte170m',
  matrix: 'smpte170m',
  fullRange: false,
};

/**
 * Decodes `frames` with WebCodecs in `page` (a secure context: WebCodecs needs one), one group of
 * pictures (a key frame and the deltas after it) per fresh decoder, so an error in one group does
 * not hide the next; and averages the decoded pictures drawn small.
 */
export async function decodeVp8InPage(
  page: Page,
  frames: readonly Vp8Frame[],
  colorSpace: VideoColorSpaceInit = WEBRTC_VP8_COLOUR,
): Promise<DecodeResult> {
  const input = frames.map((frame) => ({
    key: frame.key,
    timestamp: Math.round((frame.rtpTime * 1000) / 90), // µs
    data: frame.data.toString('base64'),
  }));
  return page.evaluate(
    async ({ input, width, height, colorSpace }) => {
      const supported = (await VideoDecoder.isConfigSupported({ codec: 'vp8' })).supported === true;
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      const sum = new Float64Array(width * height * 3);
      const errors: string[] = [];
      const sizes = new Set<string>();
      let decoded = 0;
      let errorCount = 0;
      const note = (error: unknown) => {
        errorCount += 1;
        const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (errors.length < 5 && !errors.includes(text)) errors.push(text);
      };
      const groups: Array<typeof input> = [];
      for (const frame of input) {
        if (frame.key) groups.push([frame]);
        else groups[groups.length - 1]?.push(frame);
      }
      for (const group of groups) {
        const decoder = new VideoDecoder({
          output: (picture) => {
            try {
              sizes.add(`${picture.displayWidth}x${picture.displayHeight}`);
              context.drawImage(picture, 0, 0, width, height);
              const pixels = context.getImageData(0, 0, width, height).data;
              for (let i = 0, j = 0; i < pixels.length; i += 4, j += 3) {
                sum[j] = sum[j]! + pixels[i]!;
                sum[j + 1] = sum[j + 1]! + pixels[i + 1]!;
                sum[j + 2] = sum[j + 2]! + pixels[i + 2]!;
              }
              decoded += 1;
            } finally {
              picture.close();
            }
          },
          error: note,
        });
        decoder.configure({ codec: 'vp8', colorSpace });
        for (const frame of group) {
          if (decoder.state !== 'configured') break;
          const data = Uint8Array.from(atob(frame.data), (c) => c.charCodeAt(0));
          try {
            decoder.decode(new EncodedVideoChunk({ type: frame.key ? 'key' : 'delta', timestamp: frame.timestamp, data }));
          } catch (error) {
            note(error);
            break;
          }
        }
        // An error already counted by the error callback also rejects the flush: not counted twice.
        if (decoder.state === 'configured') await decoder.flush().catch(() => undefined);
        if (decoder.state !== 'closed') decoder.close();
      }
      return {
        supported,
        chunks: input.length,
        keyFrames: input.filter((frame) => frame.key).length,
        decoded,
        errorCount,
        errors,
        sizes: [...sizes],
        picture: decoded > 0 ? Array.from(sum, (value) => value / decoded) : null,
      };
    },
    { input, width: PICTURE_WIDTH, height: PICTURE_HEIGHT, colorSpace },
  );
}

export interface ShownPicture {
  /** Pictures sampled from the element over the window. */
  samples: number;
  videoWidth: number;
  videoHeight: number;
  picture: Picture | null;
}

/**
 * What a `<video>` shows, averaged over `windowMs` (a sample every 100 ms, drawn small). Drawing
 * the element takes its frame as decoded or captured, whatever CSS mirrors on screen.
 */
export async function averagePictureOf(video: Locator, windowMs: number): Promise<ShownPicture> {
  return video.evaluate(
    async (element: HTMLVideoElement, { ms, width, height }) => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      const sum = new Float64Array(width * height * 3);
      let samples = 0;
      const end = performance.now() + ms;
      while (performance.now() < end) {
        if (element.videoWidth > 0) {
          context.drawImage(element, 0, 0, width, height);
          const pixels = context.getImageData(0, 0, width, height).data;
          for (let i = 0, j = 0; i < pixels.length; i += 4, j += 3) {
            sum[j] = sum[j]! + pixels[i]!;
            sum[j + 1] = sum[j + 1]! + pixels[i + 1]!;
            sum[j + 2] = sum[j + 2]! + pixels[i + 2]!;
          }
          samples += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return {
        samples,
        videoWidth: element.videoWidth,
        videoHeight: element.videoHeight,
        picture: samples > 0 ? Array.from(sum, (value) => value / samples) : null,
      };
    },
    { ms: windowMs, width: PICTURE_WIDTH, height: PICTURE_HEIGHT },
  );
}

/** Mean absolute difference of two pictures, per colour channel, 0–255 (null when either is missing). */
export function pictureDifference(a: Picture | null, b: Picture | null): number | null {
  if (!a || !b || a.length !== b.length) return null;
  let total = 0;
  for (let i = 0; i < a.length; i += 1) total += Math.abs(a[i]! - b[i]!);
  return total / a.length;
}

/** The mean colour of a picture (R, G, B), for reports. */
export function meanColour(picture: Picture | null): [number, number, number] | null {
  if (!picture) return null;
  const mean: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < picture.length; i += 3) for (let c = 0; c < 3; c += 1) mean[c as 0 | 1 | 2] += picture[i + c]!;
  const pixels = picture.length / 3;
  return mean.map((value) => Math.round(value / pixels)) as [number, number, number];
}
