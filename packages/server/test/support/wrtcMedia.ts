import wrtc from '@roamhq/wrtc';
import { afterAll } from 'vitest';

interface I420Frame {
  width: number;
  height: number;
  data: Uint8Array;
}
interface Nonstandard {
  RTCVideoSource: new () => { createTrack(): MediaStreamTrack; onFrame(frame: I420Frame): void };
  RTCAudioSource: new () => { createTrack(): MediaStreamTrack; onData(data: { samples: Int16Array; sampleRate: number }): void };
  RTCVideoSink: new (track: MediaStreamTrack) => {
    stop(): void;
    addEventListener(type: 'frame', listener: (event: { frame: I420Frame }) => void): void;
  };
}

/** libwebrtc in Node (`@roamhq/wrtc`): the standard classes plus its synthetic sources and sinks. */
export const webrtc = wrtc as unknown as {
  RTCPeerConnection: typeof RTCPeerConnection;
  MediaStream: typeof MediaStream;
  RTCSessionDescription: typeof RTCSessionDescription;
  RTCIceCandidate: typeof RTCIceCandidate;
  nonstandard: Nonstandard;
};

// libwebrtc finishes closing peer connections on its own threads: let it before the worker exits.
afterAll(() => new Promise((resolve) => setTimeout(resolve, 500)));

/** A camera of `width`×`height` at 15 fps whose picture changes every frame; `stop()` ends it. */
export function movingCamera(width = 160, height = 120): { track: MediaStreamTrack; stop(): void } {
  const source = new webrtc.nonstandard.RTCVideoSource();
  const track = source.createTrack();
  const data = new Uint8Array(width * height * 1.5);
  let n = 0;
  const timer = setInterval(() => {
    data.fill((n++ * 7) % 200, 0, width * height);
    data.fill(128, width * height);
    source.onFrame({ width, height, data });
  }, 66);
  return {
    track,
    stop() {
      clearInterval(timer);
      track.stop();
    },
  };
}

/** A microphone sending a quiet tone every 10 ms (libwebrtc's audio frame). */
export function toneMicrophone(): { track: MediaStreamTrack; stop(): void } {
  const source = new webrtc.nonstandard.RTCAudioSource();
  const track = source.createTrack();
  const samples = new Int16Array(480);
  let phase = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < samples.length; i++) samples[i] = Math.round(3000 * Math.sin((phase++ * 2 * Math.PI * 440) / 48_000));
    source.onData({ samples, sampleRate: 48_000 });
  }, 10);
  return {
    track,
    stop() {
      clearInterval(timer);
      track.stop();
    },
  };
}

/** Counts the frames a received video track decodes (libwebrtc's video sink). */
export function countFrames(track: MediaStreamTrack): { readonly count: number; stop(): void } {
  const sink = new webrtc.nonstandard.RTCVideoSink(track);
  const counter = { count: 0, stop: () => sink.stop() };
  sink.addEventListener('frame', () => {
    counter.count += 1;
  });
  return counter;
}
