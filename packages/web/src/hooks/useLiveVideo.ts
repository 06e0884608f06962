import { useEffect, useState, type RefObject } from 'react';

/** Without a new frame for this long, the picture is treated as stopped. */
const STALL_MS = 1500;

/**
 * Whether a remote <video> is showing moving pictures, so the tile can show the avatar
 * instead of a black or frozen frame. Track state alone is not enough: when the sender
 * turns the camera off (replaceTrack(null)), Chrome keeps the remote track live and
 * unmuted; only the frames stop. requestVideoFrameCallback (WICG video-rvfc) sees that.
 */
export function useLiveVideo(ref: RefObject<HTMLVideoElement | null>, stream: MediaStream, revision: number): boolean {
  const [flowing, setFlowing] = useState(false);

  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    const hasTrack = () => stream.getVideoTracks().some((track) => track.readyState === 'live' && !track.muted);
    if (typeof video.requestVideoFrameCallback !== 'function') {
      // Older browsers: the best available signal is the track itself.
      const update = () => setFlowing(hasTrack());
      update();
      const tracks = stream.getVideoTracks();
      for (const track of tracks) {
        track.addEventListener('mute', update);
        track.addEventListener('unmute', update);
        track.addEventListener('ended', update);
      }
      return () => {
        for (const track of tracks) {
          track.removeEventListener('mute', update);
          track.removeEventListener('unmute', update);
          track.removeEventListener('ended', update);
        }
      };
    }

    // Runs per frame, so it touches React state only on a change and checks for a stall
    // on a slow timer instead of re-arming a timeout every frame.
    let lastFrame = 0;
    let current = false;
    const set = (value: boolean) => {
      if (value === current) return;
      current = value;
      setFlowing(value);
    };
    let handle = 0;
    const onFrame = (now: number) => {
      lastFrame = now;
      set(true);
      handle = video.requestVideoFrameCallback(onFrame);
    };
    handle = video.requestVideoFrameCallback(onFrame);
    const watchdog = setInterval(() => {
      if (current && performance.now() - lastFrame > STALL_MS) set(false);
    }, STALL_MS / 3);
    setFlowing(false);
    return () => {
      clearInterval(watchdog);
      video.cancelVideoFrameCallback(handle);
    };
  }, [ref, stream, revision]);

  return flowing;
}
