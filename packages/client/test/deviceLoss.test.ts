import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalMedia } from '../src/media/LocalMedia.js';
import { waitFor } from '@parley/testkit';

/**
 * Browser-only parts behind a fake (DESIGN.md practice 8): a MediaDevices with devices that can be
 * unplugged. Unplugging ends the device's live tracks, as browsers do (mediacapture-main §4.3.1).
 */
class FakeTrack extends EventTarget {
  enabled = true;
  readyState: 'live' | 'ended' = 'live';
  constructor(
    readonly kind: 'audio' | 'video',
    readonly deviceId: string,
    readonly label: string,
  ) {
    super();
  }
  getSettings() {
    return { deviceId: this.deviceId };
  }
  stop() {
    this.readyState = 'ended';
  }
  unplugged() {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

class FakeDevices extends EventTarget {
  devices = [
    { kind: 'audioinput', deviceId: 'mic-1', label: 'Desk mic' },
    { kind: 'audioinput', deviceId: 'mic-2', label: 'Laptop mic' },
    { kind: 'videoinput', deviceId: 'cam-1', label: 'USB camera' },
    { kind: 'videoinput', deviceId: 'cam-2', label: 'Built-in camera' },
  ];
  live: FakeTrack[] = [];
  async getUserMedia(constraints: { audio?: MediaTrackConstraints; video?: MediaTrackConstraints }) {
    const tracks: FakeTrack[] = [];
    for (const kind of ['audio', 'video'] as const) {
      const wanted = constraints[kind];
      if (!wanted) continue;
      const exact = (wanted.deviceId as { exact?: string } | undefined)?.exact;
      const candidates = this.devices.filter((d) => d.kind === `${kind}input`);
      const device = exact ? candidates.find((d) => d.deviceId === exact) : candidates[0];
      if (!device) throw new DOMException('gone', exact ? 'OverconstrainedError' : 'NotFoundError');
      tracks.push(new FakeTrack(kind, device.deviceId, device.label));
    }
    this.live.push(...tracks);
    return {
      getTracks: () => tracks,
      getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
      getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
    };
  }
  async enumerateDevices() {
    return this.devices;
  }
  unplug(deviceId: string) {
    this.devices = this.devices.filter((d) => d.deviceId !== deviceId);
    for (const track of this.live.filter((t) => t.deviceId === deviceId)) track.unplugged();
    this.dispatchEvent(new Event('devicechange'));
  }
}

/** LocalMedia keeps a self-view MediaStream; Node has none, so a minimal one stands in. */
class FakeStream {
  readonly tracks = new Set<unknown>();
  addTrack(track: unknown) {
    this.tracks.add(track);
  }
  removeTrack(track: unknown) {
    this.tracks.delete(track);
  }
}
const scope = globalThis as { MediaStream?: unknown };
let saved: unknown;
beforeEach(() => {
  saved = scope.MediaStream;
  scope.MediaStream = FakeStream;
});
afterEach(() => {
  scope.MediaStream = saved;
});

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
