import { describe, expect, it } from 'vitest';
import { LocalMedia } from '../src/media/LocalMedia.js';
import type { AudioProcessor } from '../src/media/AudioProcessor.js';
import { FakeDevices, type FakeTrack, useFakeMediaStream } from './support/fakeDevices.js';
import { RecordingProcessor } from './support/recordingProcessor.js';

/** Records the microphones it is given, and asks for a capture without the browser's suppressor. */
class RecordingAudioProcessor extends RecordingProcessor implements AudioProcessor {
  readonly captureConstraints: MediaTrackConstraints = { noiseSuppression: false };
  constructor() {
    super('audio');
  }
}

useFakeMediaStream();

function lastAudioAsk(devices: FakeDevices): MediaTrackConstraints | undefined {
  return devices.asked.filter((ask) => ask.audio).at(-1)?.audio;
}

describe('LocalMedia with an audio processor', () => {
  it('sends the processor’s output, captured without the browser’s own suppression, and back', async () => {
    const devices = new FakeDevices();
    const media = new LocalMedia(devices as unknown as MediaDevices);
    await media.start();
    const plain = media.audioTrack;
    expect(lastAudioAsk(devices)).toMatchObject({ noiseSuppression: true });
    let changes = 0;
    media.on('tracks-changed', () => changes++);

    const processor = new RecordingAudioProcessor();
    await media.setAudioProcessor(processor);
    expect(media.audioTrack).toBe(processor.output);
    expect(lastAudioAsk(devices)).toMatchObject({ noiseSuppression: false, echoCancellation: true });
    expect(processor.input).not.toBe(plain); // captured again, with the new constraints
    expect((plain as unknown as FakeTrack).readyState).toBe('ended');
    expect(processor.input?.readyState).toBe('live');
    expect(changes).toBe(1);

    // A device switch feeds the processor; what is sent stays the same track.
    await media.useDevice('audioinput', 'mic-2');
    expect(processor.input?.getSettings().deviceId).toBe('mic-2');
    expect(media.audioTrack).toBe(processor.output);
    expect(lastAudioAsk(devices)).toMatchObject({ noiseSuppression: false });

    await media.setAudioProcessor(null);
    expect(processor.input).toBeNull();
    expect(media.audioTrack?.getSettings().deviceId).toBe('mic-2');
    expect(lastAudioAsk(devices)).toMatchObject({ noiseSuppression: true });
  });

  it('mutes what is sent, and keeps the microphone itself open for the processor', async () => {
    const devices = new FakeDevices();
    const media = new LocalMedia(devices as unknown as MediaDevices);
    await media.start();
    const processor = new RecordingAudioProcessor();
    await media.setAudioProcessor(processor);

    media.setMicEnabled(false);
    expect(processor.output.enabled).toBe(false);
    expect(processor.input?.enabled).toBe(true);

    // Without the processor, the microphone is what is sent, and it is muted.
    await media.setAudioProcessor(null);
    expect(media.audioTrack?.enabled).toBe(false);
    media.setMicEnabled(true);
    expect(media.audioTrack?.enabled).toBe(true);
  });

  it('keeps the old microphone when capturing again fails, and follows the latest choice when two overlap', async () => {
    const devices = new FakeDevices();
    const media = new LocalMedia(devices as unknown as MediaDevices);
    await media.start({ video: false });
    const plain = media.audioTrack;

    devices.failing = new DOMException('busy', 'NotReadableError');
    const processor = new RecordingAudioProcessor();
    await media.setAudioProcessor(processor);
    expect(processor.input).toBe(plain);
    expect(media.audioTrack).toBe(processor.output);
    devices.failing = null;

    const first = new RecordingAudioProcessor();
    const second = new RecordingAudioProcessor();
    await Promise.all([media.setAudioProcessor(first), media.setAudioProcessor(second)]);
    expect(media.audioTrack).toBe(second.output);
    expect(first.inputs).toEqual([]);
    expect(processor.input).toBeNull();
    expect(devices.live.filter((track) => track.kind === 'audio' && track.readyState === 'live')).toHaveLength(1);
  });
});
