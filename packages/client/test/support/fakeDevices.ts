import { afterEach, beforeEach } from 'vitest';

/**
 * LocalMedia's browser-only parts behind a fake (DESIGN.md practice 8): a MediaDevices with devices that can be
 * unplugged. Unplugging ends the device's live tracks, as browsers do (mediacapture-main §4.3.1).
 */
export class FakeTrack extends EventTarget {
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

export class FakeDevices extends EventTarget {
  devices = [
    { kind: 'audioinput', deviceId: 'mic-1', label: 'Desk mic' },
    { kind: 'audioinput', deviceId: 'mic-2', label: 'Laptop mic' },
    { kind: 'videoinput', deviceId: 'cam-1', label: 'USB camera' },
    { kind: 'videoinput', deviceId: 'cam-2', label: 'Built-in camera' },
  ];
  live: FakeTrack[] = [];
  /** What each getUserMedia call asked for, in order. */
  asked: Array<{ audio?: MediaTrackConstraints; video?: MediaTrackConstraints }> = [];
  /** Set to make the next getUserMedia calls fail (a device busy in another app). */
  failing: DOMException | null = null;
  async getUserMedia(constraints: { audio?: MediaTrackConstraints; video?: MediaTrackConstraints }) {
    this.asked.push(constraints);
    if (this.failing) throw this.failing;
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
export class FakeStream {
  readonly tracks = new Set<unknown>();
  addTrack(track: unknown) {
    this.tracks.add(track);
  }
  removeTrack(track: unknown) {
    this.tracks.delete(track);
  }
  getVideoTracks() {
    return [...this.tracks].filter((track) => (track as { kind?: string }).kind === 'video');
  }
  getAudioTracks() {
    return [...this.tracks].filter((track) => (track as { kind?: string }).kind === 'audio');
  }
}

/** Installs FakeStream as the global MediaStream for each test of the calling file. */
export function useFakeMediaStream(): void {
  const scope = globalThis as { MediaStream?: unknown };
  let saved: unknown;
  beforeEach(() => {
    saved = scope.MediaStream;
    scope.MediaStream = FakeStream;
  });
  afterEach(() => {
    scope.MediaStream = saved;
  });
}
