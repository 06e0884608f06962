import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InboundFlowWatch } from '../../src/peer/InboundFlowWatch.js';

/** A receiver whose last packet came at `lastPacket.at` (ms), as getSynchronizationSources reports it. */
function receiverWith(lastPacket: { at: number }): RTCRtpReceiver {
  return {
    getSynchronizationSources: () => (lastPacket.at > 0 ? [{ timestamp: lastPacket.at, source: 1, rtpTimestamp: 0 }] : []),
  } as unknown as RTCRtpReceiver;
}

describe('InboundFlowWatch', () => {
  let watch: InboundFlowWatch | null = null;
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    watch?.dispose();
    vi.useRealTimers();
  });

  it('says so once, a second after packets stop coming, and again only after they came back and stopped again', () => {
    const audio = { at: 0 };
    const stopped = vi.fn();
    watch = new InboundFlowWatch(() => [receiverWith(audio)], stopped);
    // Flowing: a packet every 20 ms.
    for (let t = 0; t < 2_000; t += 20) {
      audio.at = Date.now();
      vi.advanceTimersByTime(20);
    }
    expect(stopped).not.toHaveBeenCalled();
    vi.advanceTimersByTime(900);
    expect(stopped).not.toHaveBeenCalled();
    vi.advanceTimersByTime(400);
    expect(stopped).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(stopped).toHaveBeenCalledTimes(1);
    audio.at = Date.now();
    vi.advanceTimersByTime(250);
    vi.advanceTimersByTime(1_300);
    expect(stopped).toHaveBeenCalledTimes(2);
  });

  it('never fires for a connection that never received anything (its sender sends nothing)', () => {
    const stopped = vi.fn();
    watch = new InboundFlowWatch(() => [receiverWith({ at: 0 })], stopped);
    vi.advanceTimersByTime(30_000);
    expect(stopped).not.toHaveBeenCalled();
  });

  it('keeps quiet while any one receiver still gets packets (the camera is off, the microphone talks)', () => {
    const video = { at: 0 };
    const audio = { at: 0 };
    const stopped = vi.fn();
    watch = new InboundFlowWatch(() => [receiverWith(video), receiverWith(audio)], stopped);
    video.at = Date.now();
    for (let t = 0; t < 5_000; t += 20) {
      audio.at = Date.now();
      vi.advanceTimersByTime(20);
    }
    expect(stopped).not.toHaveBeenCalled();
  });

  it('does not judge silence across a hold of its own page (a busy machine), only a second of it after', () => {
    const audio = { at: 0 };
    const stopped = vi.fn();
    watch = new InboundFlowWatch(() => [receiverWith(audio)], stopped);
    for (let t = 0; t < 1_000; t += 20) {
      audio.at = Date.now();
      vi.advanceTimersByTime(20);
    }
    // The page is held 5 s: the clock moves on, no timer runs; the next look comes late.
    vi.setSystemTime(Date.now() + 5_000);
    vi.advanceTimersByTime(250);
    expect(stopped).not.toHaveBeenCalled();
    vi.advanceTimersByTime(750);
    expect(stopped).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(stopped).toHaveBeenCalledTimes(1);
  });

  it('asks no receiver while a stop means nothing (an SFU room), and counts a stop only after flow is seen again', () => {
    const audio = { at: 0 };
    const asked = vi.fn();
    const receiver = {
      getSynchronizationSources: () => {
        asked();
        return audio.at > 0 ? [{ timestamp: audio.at, source: 1, rtpTimestamp: 0 }] : [];
      },
    } as unknown as RTCRtpReceiver;
    const stopped = vi.fn();
    let active = true;
    watch = new InboundFlowWatch(
      () => [receiver],
      stopped,
      () => active,
    );
    for (let t = 0; t < 1_000; t += 20) {
      audio.at = Date.now();
      vi.advanceTimersByTime(20);
    }
    active = false;
    asked.mockClear();
    vi.advanceTimersByTime(10_000);
    expect(asked).not.toHaveBeenCalled();
    expect(stopped).not.toHaveBeenCalled();
    // Back to a mesh: the silence that began while inactive is not a stop, fresh flow then a stop is.
    active = true;
    vi.advanceTimersByTime(5_000);
    expect(stopped).not.toHaveBeenCalled();
    audio.at = Date.now();
    vi.advanceTimersByTime(250);
    vi.advanceTimersByTime(1_300);
    expect(stopped).toHaveBeenCalledTimes(1);
  });
});
