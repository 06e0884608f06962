import { ParleyError } from '@parley/protocol';
import type { WebRtcImplementation } from '../webrtc.js';

/** One I420 frame (webrtc's native format): Y plane, then U and V at half width and height. */
export interface I420Frame {
  width: number;
  height: number;
  data: Uint8Array;
}

/** 16-bit PCM, 10 ms per call (libwebrtc's audio frame). */
export interface PcmFrame {
  samples: Int16Array;
  sampleRate: number;
  bitsPerSample?: number;
  channelCount?: number;
  numberOfFrames?: number;
}

/**
 * The nonstandard part of `@roamhq/wrtc`: synthetic sources to send media from code, sinks to
 * read what arrives. Typed here so that callers never touch `any`.
 */
export interface NodeMediaClasses {
  RTCVideoSource: new () => { createTrack(): MediaStreamTrack; onFrame(frame: I420Frame): void };
  RTCAudioSource: new () => { createTrack(): MediaStreamTrack; onData(data: PcmFrame): void };
  RTCVideoSink: new (track: MediaStreamTrack) => MediaSink<{ frame: I420Frame }>;
  RTCAudioSink: new (track: MediaStreamTrack) => MediaSink<PcmFrame>;
}

export interface MediaSink<Event> {
  stop(): void;
  addEventListener(type: 'frame' | 'data', listener: (event: Event) => void): void;
}

export interface NodeWebRtc extends WebRtcImplementation {
  nonstandard: NodeMediaClasses;
}

let loaded: Promise<NodeWebRtc> | null = null;

/**
 * libwebrtc for Node (`@roamhq/wrtc`), loaded on first use so that importing the SDK never
 * loads a native module by itself. Rejects with a ParleyError that says how to install it.
 *
 * @example
 * const webrtc = await loadNodeWebRtc();
 * const room = new Room({ serverUrl, roomId, name: 'bot', webrtc });
 */
export function loadNodeWebRtc(): Promise<NodeWebRtc> {
  loaded ??= import('@roamhq/wrtc').then(
    (module) => ((module as { default?: unknown }).default ?? module) as NodeWebRtc,
    (error: unknown) => {
      loaded = null;
      throw new ParleyError(
        'media-unsupported',
        'WebRTC for Node is not installed here (@roamhq/wrtc, which ships libwebrtc for Linux, macOS and Windows on x64/arm64). Run: npm install @roamhq/wrtc',
        { cause: error },
      );
    },
  );
  return loaded;
}
