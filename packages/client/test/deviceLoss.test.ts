import { describe, expect, it } from 'vitest';
import { LocalMedia } from '../src/media/LocalMedia.js';
import { waitFor } from '@parley/testkit';
import { FakeDevices, useFakeMediaStream } from './support/fakeDevices.js';

useFakeMediaStream();

describe('LocalMedia when a device goes away mid-call', () => {
  it('falls back to another camera, says which, and keeps the microphone', async () => {
    const devices = new FakeDevices();
    const media = new LocalMedia(devices as unknown as MediaDevices);
    await media.start({ videoDeviceId: 'cam-1' });
    const mic = media.audioTrack;
    expect(media.videoTrack?.getSettings().deviceId).toBe('cam-1');
    const lost: unknown[] = [];
    media.on('device-lost', (event) => lost.push(event));

    devices.unplug('cam-1');
    await waitFor(() => lost.length === 1, { what: 'device-lost', timeoutMs: 2_000 });
    expect(lost).toEqual([{ kind: 'videoinput', replacement: 'Built-in camera' }]);
    expect(media.videoTrack?.getSettings().deviceId).toBe('cam-2');
    expect(media.audioTrack).toBe(mic);
  });

  it('reports when no device of that kind is left, and never for its own camera-off', async () => {
    const devices = new FakeDevices();
    const media = new LocalMedia(devices as unknown as MediaDevices);
    await media.start();
    const lost: Array<{ kind: string; replacement: string | null; error?: { code: string } }> = [];
    media.on('device-lost', (event) => lost.push(event));

    await media.setCameraEnabled(false); // stops the track itself: not a lost device
    devices.unplug('mic-1');
    await waitFor(() => lost.length === 1, { what: 'mic fallback', timeoutMs: 2_000 });
    devices.unplug('mic-2');
    await waitFor(() => lost.length === 2, { what: 'no mic left', timeoutMs: 2_000 });
    expect(lost[0]).toEqual({ kind: 'audioinput', replacement: 'Laptop mic' });
    expect(lost[1]).toMatchObject({ kind: 'audioinput', replacement: null, error: { code: 'media-not-found' } });
    expect(media.audioTrack).toBeNull();
  });
});
