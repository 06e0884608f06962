import { afterEach, describe, expect, it, vi } from 'vitest';
import { FAST_START_RESTORE_MS, FAST_START_SCALE, VideoFastStart } from '../src/media/FastStart.js';

function track(height: number | undefined, kind = 'video'): MediaStreamTrack {
  return { kind, getSettings: () => ({ height }) } as unknown as MediaStreamTrack;
}

/** A sender whose parameters behave like the browser's: a copy in, a copy out. */
function sender(scale?: number) {
  let encodings: RTCRtpEncodingParameters[] = [scale === undefined ? {} : { scaleResolutionDownBy: scale }];
  const setParameters = vi.fn(async (p: RTCRtpSendParameters) => {
    encodings = p.encodings.map((e) => ({ ...e }));
  });
  const fake = {
    getParameters: () => ({ encodings: encodings.map((e) => ({ ...e })) }) as RTCRtpSendParameters,
    setParameters,
  };
  return { sender: fake as unknown as RTCRtpSender, setParameters, scale: () => encodings[0]?.scaleResolutionDownBy ?? 1 };
}

afterEach(() => vi.useRealTimers());

describe('VideoFastStart', () => {
  it('starts HD cameras at half size, and leaves smaller cameras, audio and missing tracks alone', () => {
    expect(VideoFastStart.encodingsFor(track(720))).toEqual([{ scaleResolutionDownBy: FAST_START_SCALE }]);
    expect(VideoFastStart.encodingsFor(track(360))).toBeUndefined();
    expect(VideoFastStart.encodingsFor(track(720, 'audio'))).toBeUndefined();
    expect(VideoFastStart.encodingsFor(track(undefined))).toBeUndefined();
    expect(VideoFastStart.encodingsFor(null)).toBeUndefined();
  });

  it('restores full size once, a while after the connection is up', async () => {
    vi.useFakeTimers();
    const s = sender(FAST_START_SCALE);
    const fast = new VideoFastStart();
    fast.started(s.sender, track(720));
    fast.connected();
    fast.connected();
    await vi.advanceTimersByTimeAsync(FAST_START_RESTORE_MS - 1);
    expect(s.scale()).toBe(FAST_START_SCALE);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.scale()).toBe(1);
    expect(s.setParameters).toHaveBeenCalledTimes(1);
  });

  it('restores no further than the scale floor of a busy computer', async () => {
    vi.useFakeTimers();
    const s = sender(FAST_START_SCALE);
    let floor = 1;
    const fast = new VideoFastStart(() => floor);
    fast.started(s.sender, track(720));
    expect(fast.pending).toBe(true);
    floor = 4;
    fast.connected();
    await vi.advanceTimersByTimeAsync(FAST_START_RESTORE_MS);
    expect(s.scale()).toBe(4);
    expect(fast.pending).toBe(false);
  });

  it('scales an answerer sender down, and never undoes a scale someone else set', async () => {
    vi.useFakeTimers();
    const s = sender();
    const fast = new VideoFastStart();
    await fast.apply(s.sender, track(1080));
    expect(s.scale()).toBe(FAST_START_SCALE);
    await s.sender.setParameters({ encodings: [{ scaleResolutionDownBy: 4 }] } as RTCRtpSendParameters);
    fast.connected();
    await vi.advanceTimersByTimeAsync(FAST_START_RESTORE_MS);
    expect(s.scale()).toBe(4);
  });

  it('does nothing after dispose, and survives a browser that refuses the parameters', async () => {
    vi.useFakeTimers();
    const s = sender(FAST_START_SCALE);
    const fast = new VideoFastStart();
    fast.started(s.sender, track(720));
    fast.connected();
    fast.dispose();
    await vi.advanceTimersByTimeAsync(FAST_START_RESTORE_MS);
    expect(s.scale()).toBe(FAST_START_SCALE);

    const refusing = sender();
    refusing.setParameters.mockRejectedValueOnce(new Error('InvalidStateError'));
    await expect(new VideoFastStart().apply(refusing.sender, track(720))).resolves.toBeUndefined();
  });
});
