import wrtc from '@roamhq/wrtc';
import { afterAll } from 'vitest';
import { PeerLink, type OutgoingSignal } from '../../src/PeerLink.js';
import type { WebRtcImplementation } from '../../src/webrtc.js';

/** libwebrtc in Node: the same RTCPeerConnection the SDK gets in a browser. */
export const webrtc = wrtc as unknown as WebRtcImplementation;

// libwebrtc finishes closing peer connections on its own threads; a test worker that exits while
// they still run can crash before its results are reported (seen in CI, in different files).
// Every file that uses libwebrtc imports this module, so each one waits a moment at its end.
afterAll(() => new Promise((resolve) => setTimeout(resolve, 500)));

interface Nonstandard {
  RTCVideoSource: new () => { createTrack(): MediaStreamTrack };
  RTCAudioSource: new () => { createTrack(): MediaStreamTrack };
}
const nonstandard = (wrtc as unknown as { nonstandard: Nonstandard }).nonstandard;

export function syntheticTracks(): { audio: MediaStreamTrack; video: MediaStreamTrack } {
  return {
    audio: new nonstandard.RTCAudioSource().createTrack(),
    video: new nonstandard.RTCVideoSource().createTrack(),
  };
}

export interface LinkedPair {
  a: PeerLink;
  b: PeerLink;
  /** Every description each side sent, in order. */
  descriptions: { a: string[]; b: string[] };
  errors: unknown[];
  close(): void;
}

/**
 * Two PeerLinks joined by an in-memory signaling channel that delivers each message on a
 * later task, in order, like a socket.io connection would.
 */
export function linkedPair(options: {
  idA?: string;
  idB?: string;
  aInitiates?: boolean;
  bInitiates?: boolean;
  tracksA?: { audio: MediaStreamTrack | null; video: MediaStreamTrack | null };
  tracksB?: { audio: MediaStreamTrack | null; video: MediaStreamTrack | null };
  /** How long each signaling message takes (default 1 ms): a slow server keeps the link opening. */
  signalDelayMs?: number;
}): LinkedPair {
  const idA = options.idA ?? 'aaaaaaaaaaaa';
  const idB = options.idB ?? 'bbbbbbbbbbbb';
  const descriptions = { a: [] as string[], b: [] as string[] };
  const errors: unknown[] = [];
  let b: PeerLink | undefined;
  const deliver = (target: () => PeerLink | undefined, signal: OutgoingSignal): void => {
    setTimeout(() => void target()?.handleSignal(signal), options.signalDelayMs ?? 1);
  };
  const a = new PeerLink({
    selfId: idA,
    remoteId: idB,
    webrtc,
    initiator: options.aInitiates ?? true,
    localTracks: options.tracksA ?? { audio: null, video: null },
    send: (signal) => {
      if (signal.description) descriptions.a.push(signal.description.type);
      deliver(() => b, signal);
    },
  });
  b = new PeerLink({
    selfId: idB,
    remoteId: idA,
    webrtc,
    initiator: options.bInitiates ?? false,
    localTracks: options.tracksB ?? { audio: null, video: null },
    send: (signal) => {
      if (signal.description) descriptions.b.push(signal.description.type);
      deliver(() => a, signal);
    },
  });
  a.on('error', (error) => errors.push(error));
  b.on('error', (error) => errors.push(error));
  return {
    a,
    b,
    descriptions,
    errors,
    close() {
      a?.close();
      b?.close();
    },
  };
}
