import { useCallback, useEffect, useRef, useState } from 'react';

/** A new stream whose picture has not come within this long is shown anyway (camera off, a stall). */
const HANDOVER_LIMIT_MS = 3_000;

export interface StreamHandover {
  /** The stream the tile shows. */
  shown: MediaStream;
  /** A new stream warming up in a second, hidden <video> until its first frame. */
  incoming: MediaStream | null;
  /** Binds the hidden <video> of the incoming stream. */
  incomingRef: (video: HTMLVideoElement | null) => void;
}

/** Stable React key of a stream (its id). */
export function streamKey(stream: MediaStream): string {
  return stream.id;
}

/**
 * Make before break on screen: when a tile's stream is replaced by another (the room moved to the
 * SFU, so the person now arrives on another connection), the new stream plays in a second <video>
 * over the first (transparent until it has a picture), and the tile switches to it on its first
 * presented frame
 * (requestVideoFrameCallback, WICG video-rvfc). Re-binding one <video> instead would show nothing
 * while the browser builds a new player (over a second on a busy machine). The element that
 * warmed up becomes the tile's element (same React key), so nothing is bound twice.
 */
export function useStreamHandover(stream: MediaStream): StreamHandover {
  const [shown, setShown] = useState(stream);
  const [incoming, setIncoming] = useState<MediaStream | null>(null);
  const element = useRef<HTMLVideoElement | null>(null);

  useEffect(() => {
    if (stream === shown) {
      setIncoming(null);
      return;
    }
    // Nothing on screen yet (or no picture to keep): no reason to wait.
    if (shown.getVideoTracks().length === 0 || stream.getVideoTracks().length === 0) {
      setShown(stream);
      setIncoming(null);
      return;
    }
    setIncoming(stream);
    const limit = setTimeout(() => setShown(stream), HANDOVER_LIMIT_MS);
    return () => clearTimeout(limit);
  }, [stream, shown]);

  const incomingRef = useCallback(
    (video: HTMLVideoElement | null) => {
      element.current = video;
      if (!video || !incoming || video.srcObject === incoming) return;
      video.muted = true; // the shown element plays the sound until the switch
      video.srcObject = incoming;
      void video.play().catch(() => undefined);
      if (typeof video.requestVideoFrameCallback === 'function') {
        video.requestVideoFrameCallback(() => {
          if (element.current === video) setShown(incoming);
        });
      } else {
        video.addEventListener('loadeddata', () => setShown(incoming), { once: true });
      }
    },
    [incoming],
  );

  return { shown, incoming: incoming === shown ? null : incoming, incomingRef };
}
