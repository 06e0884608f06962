import { describe, expect, it } from 'vitest';
import { LocalMedia } from '../src/media/LocalMedia.js';
import type { VideoProcessor } from '../src/media/VideoProcessor.js';
import { FakeDevices, type FakeTrack, useFakeMediaStream, type FakeStream } from './support/fakeDevices.js';
import { RecordingProcessor } from './support/recordingProcessor.js';

/** Records the cameras it is given. */
class RecordingVideoProcessor extends RecordingProcessor implements VideoProcessor {
  constructor() {
    super('video');
  }
}

useFakeMediaStream();

const shownVideo = (media: LocalMedia) => (media.stream as unknown as FakeStream).getVideoTracks();

describe('LocalMedia with a video processor', () => {
  it('sends and shows the processor’s output, feeds it every camera, sends nothing with the camera off, and back', async () => {
    const devices = new FakeDevices();
    const media = new LocalMedia(devices as unknown as MediaDevices);
    await media.start();
    const camera = media.videoTrack;
    let changes = 0;
    media.on('tracks-changed', () => changes++);

    const processor = new RecordingVideoProcessor();
    media.setVideoProcessor(processor);
    expect(media.videoTrack).toBe(processor.output);
    expect(processor.input).toBe(camera); // not captured again
    expect(shownVideo(media)).toEqual([processor.output]); // the self-view shows what others see
    expect(changes).toBe(1);

    // A device switch feeds the processor; what is sent stays the same track.
    await media.useDevice('videoinput', 'cam-2');
    expect(processor.input?.getSettings().deviceId).toBe('cam-2');
    expect((camera as unknown as FakeTrack).readyState).toBe('ended');
    expect(media.videoTrack).toBe(processor.output);

    // Camera off: the camera stops (its light goes out) and nothing is sent or shown.
    await media.setCameraEnabled(false);
    expect(processor.input).toBeNull();
    expect(media.videoTrack).toBeNull();
    expect(shownVideo(media)).toEqual([]);
    await media.setCameraEnabled(true);
    expect(processor.input?.readyState).toBe('live');
    expect(media.videoTrack).toBe(processor.output);

    media.setVideoProcessor(null);
    expect(processor.input).toBeNull();
    expect(media.videoTrack?.getSettings().deviceId).toBe('cam-2');
    expect(shownVideo(media)).toEqual([media.videoTrack]);
  });

  it('a camera unplugged while processed is replaced, and the replacement is processed', async () => {
    const devices = new FakeDevices();
    const media = new LocalMedia(devices as unknown as MediaDevices);
    await media.start({ videoDeviceId: 'cam-2' });
    const processor = new RecordingVideoProcessor();
    media.setVideoProcessor(processor);
    const lost = new Promise((resolve) => media.once('device-lost', resolve));
    devices.unplug('cam-2');
    await lost;
    expect(processor.input?.getSettings().deviceId).toBe('cam-1');
    expect(media.videoTrack).toBe(processor.output);
  });
});
