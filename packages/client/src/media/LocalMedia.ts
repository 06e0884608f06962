import { ParleyError } from '@parley/protocol';
import { eventNames, SafeEmitter } from '../SafeEmitter.js';
import type { AudioProcessor } from './AudioProcessor.js';
import type { LocalTracks } from './LocalTracks.js';
import type { VideoProcessor } from './VideoProcessor.js';
import { insecureContextError, mediaError, type MediaDeviceRole } from './mediaErrors.js';

/** Sensible defaults: HD when the camera has it, echo cancellation always. */
export const DEFAULT_VIDEO_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 1280 },
  height: { ideal: 720 },
  frameRate: { ideal: 30 },
};
export const DEFAULT_AUDIO_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

export interface LocalMediaStartOptions {
  audioDeviceId?: string;
  videoDeviceId?: string;
  /** Set false to start without that device at all (e.g. camera off in the lobby). */
  audio?: boolean;
  video?: boolean;
}

export interface LocalMediaStartResult {
  /** Why a device is missing; empty when both started. The call still works without them. */
  warnings: ParleyError[];
}

export interface DeviceLists {
  audioinput: MediaDeviceInfo[];
  videoinput: MediaDeviceInfo[];
  audiooutput: MediaDeviceInfo[];
}

export interface LocalMediaEvents {
  /** A track was added, replaced or removed: re-read `audioTrack`, `videoTrack`, `stream`. */
  'tracks-changed': () => void;
  /**
   * A device in use went away (unplugged, taken by the system). `replacement` is the label of the
   * device now used instead, or null when none could be started (the error says why).
   */
  'device-lost': (event: { kind: 'audioinput' | 'videoinput'; replacement: string | null; error?: ParleyError }) => void;
}

/** Every event name of LocalMediaEvents, checked against it both ways. */
export const localMediaEventNames = eventNames<LocalMediaEvents>()(['tracks-changed', 'device-lost']);

type Kind = 'audio' | 'video';
const ROLE: Record<Kind, MediaDeviceRole> = { audio: 'microphone', video: 'camera' };

/**
 * The local camera and microphone. A missing or refused device never stops the user:
 * `start()` resolves with whatever works and a warning per device that did not.
 *
 * @example
 * const media = new LocalMedia();
 * const { warnings } = await media.start();
 * for (const w of warnings) showBanner(w.message);
 * video.srcObject = media.stream;
 */
export class LocalMedia extends SafeEmitter<LocalMediaEvents> implements LocalTracks {
  readonly #devices: MediaDevices | undefined;
  #stream: MediaStream | null = null;
  /** The microphone as captured; `audioTrack` is what is sent (the processor's output when one is set). */
  #audioTrack: MediaStreamTrack | null = null;
  #audioProcessor: AudioProcessor | null = null;
  /** The processor asked for last: its constraints apply to every capture from then on. */
  #wantedProcessor: AudioProcessor | null = null;
  /** The camera as captured; `videoTrack` is what is sent (the processor's output when one is set). */
  #videoTrack: MediaStreamTrack | null = null;
  #videoProcessor: VideoProcessor | null = null;
  #micEnabled = true;
  #cameraEnabled = true;
  #audioDeviceId: string | undefined;
  #videoDeviceId: string | undefined;

  constructor(mediaDevices: MediaDevices | undefined = globalThis.navigator?.mediaDevices) {
    super();
    this.#devices = mediaDevices;
    mediaDevices?.addEventListener?.('devicechange', this.#onDeviceChange);
  }

  /** The microphone track to send: the audio processor's output while one is set. */
  get audioTrack(): MediaStreamTrack | null {
    if (!this.#audioTrack) return null;
    return this.#audioProcessor?.output ?? this.#audioTrack;
  }
  get audioProcessor(): AudioProcessor | null {
    return this.#audioProcessor;
  }
  /** The camera track to send (and to show in the self-view): the video processor's output while one is set. */
  get videoTrack(): MediaStreamTrack | null {
    if (!this.#videoTrack) return null;
    return this.#videoProcessor?.output ?? this.#videoTrack;
  }
  get videoProcessor(): VideoProcessor | null {
    return this.#videoProcessor;
  }
  get micEnabled(): boolean {
    return this.#micEnabled;
  }
  get cameraEnabled(): boolean {
    return this.#cameraEnabled;
  }
  /** The device ids in use (or chosen for when the device is turned on). */
  get audioDeviceId(): string | undefined {
    return this.#audioDeviceId ?? this.#audioTrack?.getSettings().deviceId;
  }
  get videoDeviceId(): string | undefined {
    return this.#videoDeviceId ?? this.#videoTrack?.getSettings().deviceId;
  }

  /** One stream holding the microphone and the camera as sent, for a self-view `<video>`. */
  get stream(): MediaStream {
    this.#stream ??= new MediaStream();
    return this.#stream;
  }

  async start(options: LocalMediaStartOptions = {}): Promise<LocalMediaStartResult> {
    this.#audioDeviceId = options.audioDeviceId ?? this.#audioDeviceId;
    this.#videoDeviceId = options.videoDeviceId ?? this.#videoDeviceId;
    const wanted: Kind[] = [];
    if (options.audio !== false) wanted.push('audio');
    if (options.video !== false) wanted.push('video');
    this.#cameraEnabled = options.video !== false;

    const devices = this.#devices;
    if (!devices?.getUserMedia) {
      const secure = globalThis.isSecureContext !== false;
      const warnings = wanted.map((kind) =>
        secure
          ? new ParleyError('media-unsupported', 'This browser cannot capture camera or microphone.', {
              details: { device: ROLE[kind] },
            })
          : insecureContextError(ROLE[kind]),
      );
      return { warnings };
    }

    const warnings: ParleyError[] = [];
    if (wanted.length === 2) {
      // One prompt for both is what people expect; only on failure ask for each alone,
      // so a broken camera still lets the microphone through.
      try {
        const stream = await devices.getUserMedia({
          audio: this.#constraints('audio'),
          video: this.#constraints('video'),
        });
        this.#adopt('audio', stream.getAudioTracks()[0] ?? null);
        this.#adopt('video', stream.getVideoTracks()[0] ?? null);
        this.emit('tracks-changed');
        return { warnings };
      } catch {
        // fall through to one device at a time
      }
    }
    for (const kind of wanted) {
      try {
        this.#adopt(kind, await this.#acquire(kind));
      } catch (error) {
        warnings.push(error instanceof ParleyError ? error : mediaError(error, ROLE[kind]));
      }
    }
    this.emit('tracks-changed');
    return { warnings };
  }

  /** Mute keeps the track but sends silence (track disabled), so unmuting is instant. */
  setMicEnabled(enabled: boolean): void {
    this.#micEnabled = enabled;
    this.#applyMicEnabled();
    this.emit('tracks-changed');
  }

  /**
   * Run the microphone through `processor` (null: send it as captured). The microphone is captured
   * again with the processor's constraints (browsers apply audio processing constraints only at
   * capture); the peer connections switch tracks on the `tracks-changed` that follows, so what is
   * sent changes in one step, never through silence. If the new capture fails, the old one stays.
   */
  async setAudioProcessor(processor: AudioProcessor | null): Promise<void> {
    if (this.#wantedProcessor === processor) return;
    this.#wantedProcessor = processor;
    const captured = this.#audioTrack;
    let track = captured;
    if (captured) {
      try {
        track = await this.#acquire('audio');
      } catch {
        track = captured; // the old capture, with the browser's processing as it was, is better than none
      }
      const superseded = this.#wantedProcessor !== processor;
      if (superseded || this.#audioTrack !== captured) {
        // A newer choice of processor, or of device (captured with this processor's constraints),
        // came meanwhile: that capture stands.
        if (track !== captured) track.stop();
        if (superseded) return;
        track = this.#audioTrack;
      }
    }
    this.#audioProcessor?.setInput(null);
    this.#audioProcessor = processor;
    this.#adopt('audio', track);
    processor?.setInput(track);
    this.#applyMicEnabled();
    this.emit('tracks-changed');
  }

  /**
   * Run the camera through `processor` (null: send it as captured). Nothing is captured again:
   * the processor gets the camera track, and the peer connections switch to its output on the
   * `tracks-changed` that follows (replaceTrack, no renegotiation).
   */
  setVideoProcessor(processor: VideoProcessor | null): void {
    if (this.#videoProcessor === processor) return;
    this.#videoProcessor?.setInput(null);
    this.#videoProcessor = processor;
    processor?.setInput(this.#videoTrack);
    this.#showSentVideo();
    this.emit('tracks-changed');
  }

  /** Camera off stops the track so the camera light goes out; on reacquires the chosen device. */
  async setCameraEnabled(enabled: boolean): Promise<void> {
    if (enabled === this.#cameraEnabled && (enabled ? this.#videoTrack !== null : true)) return;
    this.#cameraEnabled = enabled;
    if (!enabled) {
      this.#adopt('video', null);
      this.emit('tracks-changed');
      return;
    }
    try {
      this.#adopt('video', await this.#acquire('video'));
    } catch (error) {
      this.#cameraEnabled = false;
      throw error instanceof ParleyError ? error : mediaError(error, 'camera');
    }
    this.emit('tracks-changed');
  }

  /** Switch microphone or camera. The new track replaces the old one without renegotiation. */
  async useDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    const trackKind: Kind = kind === 'audioinput' ? 'audio' : 'video';
    if (trackKind === 'audio') this.#audioDeviceId = deviceId;
    else this.#videoDeviceId = deviceId;
    if (trackKind === 'video' && !this.#cameraEnabled) return; // used when the camera is turned on
    try {
      const track = await this.#acquire(trackKind);
      this.#adopt(trackKind, track);
    } catch (error) {
      throw error instanceof ParleyError ? error : mediaError(error, ROLE[trackKind]);
    }
    this.emit('tracks-changed');
  }

  static async listDevices(mediaDevices = globalThis.navigator?.mediaDevices): Promise<DeviceLists> {
    const lists: DeviceLists = { audioinput: [], videoinput: [], audiooutput: [] };
    if (!mediaDevices?.enumerateDevices) return lists;
    for (const device of await mediaDevices.enumerateDevices()) {
      // Before permission is granted, browsers list devices with empty ids; they cannot be chosen.
      if (device.deviceId) lists[device.kind].push(device);
    }
    return lists;
  }

  /** Stop every track (camera light off). The object can be started again. */
  stop(): void {
    this.#adopt('audio', null);
    this.#adopt('video', null);
    this.emit('tracks-changed');
  }

  /**
   * Muting disables the track that is sent. With a processor that is its output: the microphone
   * itself stays enabled, so "you are muted" hints can still hear the person through the processor.
   */
  #applyMicEnabled(): void {
    const sent = this.audioTrack;
    if (this.#audioTrack && this.#audioTrack !== sent) this.#audioTrack.enabled = true;
    if (sent) sent.enabled = this.#micEnabled;
  }

  #baseConstraints(kind: Kind): MediaTrackConstraints {
    if (kind === 'video') return DEFAULT_VIDEO_CONSTRAINTS;
    return { ...DEFAULT_AUDIO_CONSTRAINTS, ...this.#wantedProcessor?.captureConstraints };
  }

  #constraints(kind: Kind): MediaTrackConstraints {
    const base = this.#baseConstraints(kind);
    const deviceId = kind === 'audio' ? this.#audioDeviceId : this.#videoDeviceId;
    return deviceId ? { ...base, deviceId: { exact: deviceId } } : { ...base };
  }

  async #acquire(kind: Kind): Promise<MediaStreamTrack> {
    const devices = this.#devices;
    if (!devices?.getUserMedia) throw insecureContextError(ROLE[kind]);
    let stream: MediaStream;
    try {
      stream = await devices.getUserMedia({ [kind]: this.#constraints(kind) });
    } catch (error) {
      // A remembered device that is gone: fall back to the default one rather than fail.
      const chosen = kind === 'audio' ? this.#audioDeviceId : this.#videoDeviceId;
      if (!chosen || !isDeviceGone(error)) throw error;
      stream = await devices.getUserMedia({ [kind]: this.#baseConstraints(kind) });
    }
    const track = (kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks())[0];
    if (!track) throw mediaError(new DOMException('no track', 'NotFoundError'), ROLE[kind]);
    return track;
  }

  #adopt(kind: Kind, track: MediaStreamTrack | null): void {
    const previous = kind === 'audio' ? this.#audioTrack : this.#videoTrack;
    if (previous === track) return;
    if (previous) {
      previous.removeEventListener('ended', this.#onTrackEnded);
      previous.stop();
      this.#stream?.removeTrack(previous);
    }
    if (track) {
      // `ended` fires only when the source goes away, never for our own stop() (mediacapture-main §4.3.1).
      track.addEventListener('ended', this.#onTrackEnded);
      if (kind === 'audio') this.stream.addTrack(track);
    }
    if (kind === 'audio') {
      this.#audioTrack = track;
      this.#audioProcessor?.setInput(track);
      this.#applyMicEnabled();
    } else {
      this.#videoTrack = track;
      this.#videoProcessor?.setInput(track);
      this.#showSentVideo();
    }
  }

  /** The self-view's video is what is sent: the processor's output while one runs, else the camera. */
  #showSentVideo(): void {
    const sent = this.videoTrack;
    for (const shown of this.stream.getVideoTracks()) if (shown !== sent) this.stream.removeTrack(shown);
    if (sent && !this.stream.getVideoTracks().includes(sent)) this.stream.addTrack(sent);
  }

  /** Some browsers keep an unplugged device's track live; the device list tells the truth. */
  readonly #onDeviceChange = (): void => {
    const devices = this.#devices;
    if (!devices?.enumerateDevices) return;
    devices
      .enumerateDevices()
      .then((list) => {
        for (const track of [this.#audioTrack, this.#videoTrack]) {
          const deviceId = track?.getSettings().deviceId;
          if (track && deviceId && !list.some((device) => device.deviceId === deviceId)) this.#replaceLost(track);
        }
      })
      .catch(() => undefined);
  };

  readonly #onTrackEnded = (event: Event): void => {
    this.#replaceLost(event.target as MediaStreamTrack);
  };

  /** The device behind `lost` is gone: carry on with another one of its kind, and say so. */
  #replaceLost(lost: MediaStreamTrack): void {
    const kind: Kind = lost.kind === 'audio' ? 'audio' : 'video';
    if ((kind === 'audio' ? this.#audioTrack : this.#videoTrack) !== lost) return;
    const inputKind = kind === 'audio' ? 'audioinput' : 'videoinput';
    this.#adopt(kind, null);
    this.emit('tracks-changed');
    // The chosen device is gone: the default one is the fallback (#acquire falls back too).
    if (kind === 'audio') this.#audioDeviceId = undefined;
    else this.#videoDeviceId = undefined;
    this.#acquire(kind)
      .then((track) => {
        if ((kind === 'audio' ? this.#audioTrack : this.#videoTrack) !== null) {
          track.stop(); // someone picked a device meanwhile; theirs stands
          return;
        }
        if (kind === 'video' && !this.#cameraEnabled) {
          track.stop();
          return;
        }
        this.#adopt(kind, track);
        this.emit('tracks-changed');
        this.emit('device-lost', { kind: inputKind, replacement: track.label || null });
      })
      .catch((error: unknown) => {
        const reason = error instanceof ParleyError ? error : mediaError(error, ROLE[kind]);
        this.emit('device-lost', { kind: inputKind, replacement: null, error: reason });
      });
  }
}

function isDeviceGone(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'OverconstrainedError' || name === 'NotFoundError';
}
