import { useEffect, useRef, useState, type RefObject } from 'react';

export interface MediaElementState {
  ref: RefObject<HTMLVideoElement | null>;
  /** The browser refused to start playback with sound until the user interacts. */
  blocked: boolean;
  resume: () => void;
}

/**
 * Binds a MediaStream to a <video>. It is re-bound whenever `revision` changes because a
 * track added to a stream that is already playing is not reliably picked up by every
 * browser; re-assigning srcObject and calling play() is.
 */
export function useMediaElement(stream: MediaStream, revision: number, muted: boolean, sinkId?: string): MediaElementState {
  const ref = useRef<HTMLVideoElement | null>(null);
  const [blocked, setBlocked] = useState(false);
  // Track ids last bound per element, so a revision that changed nothing (mic mute) does not
  // flicker, and an element that arrives already playing the stream (a handover) is not re-bound.
  const boundTracks = useRef(new WeakMap<HTMLVideoElement, string>());
  // Read when (re)binding; a change of `muted` alone is applied by its own effect, never re-binds.
  const mutedNow = useRef(muted);
  mutedNow.current = muted;

  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    // React sets `muted` only as a property; the attribute keeps the markup honest too.
    video.muted = muted;
    video.toggleAttribute('muted', muted);
  }, [muted]);

  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    const tracks = stream
      .getTracks()
      .map((track) => track.id)
      .join(',');
    // A remote stream is empty until its tracks arrive (`revision` bumps then): binding it now
    // would build a media player only to build another one a moment later, on the way to the
    // first frame.
    if (tracks === '' && video.srcObject === null) return;
    // An element handed over already playing this stream (see useStreamHandover) was muted.
    video.muted = mutedNow.current;
    const bound = boundTracks.current.get(video);
    if (video.srcObject !== stream) {
      video.srcObject = stream;
    } else if (bound !== undefined && tracks !== bound) {
      video.srcObject = null;
      video.srcObject = stream;
    }
    boundTracks.current.set(video, tracks);
    play(video, setBlocked);
  }, [stream, revision]);

  useEffect(() => {
    // The chosen speaker (Audio Output Devices API, setSinkId). Only where sound plays, and only
    // where the browser supports it; a device that vanished leaves the default in use.
    const video = ref.current;
    if (!video || muted || sinkId === undefined || typeof video.setSinkId !== 'function') return;
    video.setSinkId(sinkId).catch((error: unknown) => console.warn('[parley] speaker not available', error));
  }, [sinkId, muted, stream]);

  useEffect(() => {
    const video = ref.current;
    return () => {
      if (video) video.srcObject = null;
    };
  }, []);

  const resume = () => {
    if (ref.current) play(ref.current, setBlocked);
  };

  return { ref, blocked, resume };
}

function play(video: HTMLVideoElement, setBlocked: (blocked: boolean) => void): void {
  if (video.srcObject === null) return;
  video.play().then(
    () => setBlocked(false),
    (error: unknown) => {
      // AbortError just means a newer srcObject replaced this one; only a policy refusal matters.
      if ((error as { name?: string } | null)?.name === 'NotAllowedError') setBlocked(true);
    },
  );
}
