/** Cameras at least this tall start their encoding at half size. */
export const FAST_START_MIN_HEIGHT = 540;
/** The start encoding is 1/FAST_START_SCALE of the camera's width and height. */
export const FAST_START_SCALE = 2;
/** After the connection is up, full size is allowed again this much later. */
export const FAST_START_RESTORE_MS = 2_000;

/**
 * Fast first frame for HD cameras. A call starts with libwebrtc's bandwidth estimate at about
 * 300 kbit/s; for a 720p source its encoder then first drops frames while it picks a lower
 * resolution (libwebrtc's initial frame dropper), and the first frame leaves 150–200 ms later
 * than it would at 360p (measured in bench/: bare pair 421 → 224 ms to the first frame). Starting
 * the encoding at half size (`scaleResolutionDownBy`, webrtc-pc §5.2) skips that wait; once the
 * connection is up and the estimate has ramped, full size is allowed again and libwebrtc's own
 * bandwidth adaptation decides from there (the initial dropper only acts at stream start).
 *
 * Best effort: every step is optional, and a failure only means the usual slower start.
 */
export class VideoFastStart {
  /** The smallest scale the encoding may have once full size is allowed (see PeerLink.setVideoScaleFloor). */
  readonly #floor: () => number;
  #sender: RTCRtpSender | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #settled = false;

  constructor(floor: () => number = () => 1) {
    this.#floor = floor;
  }

  /** True while the start scale is ours, to be undone when the connection is up. */
  get pending(): boolean {
    return this.#sender !== null && !this.#settled;
  }

  /** `sendEncodings` for a new video transceiver that will carry `track`, or undefined. */
  static encodingsFor(track: MediaStreamTrack | null): RTCRtpEncodingParameters[] | undefined {
    return wantsFastStart(track) ? [{ scaleResolutionDownBy: FAST_START_SCALE }] : undefined;
  }

  /** The sender of a transceiver created with `encodingsFor()`: full size is restored later. */
  started(sender: RTCRtpSender, track: MediaStreamTrack | null): void {
    if (wantsFastStart(track)) this.#sender = sender;
  }

  /**
   * For a sender on a transceiver the remote offer created (answerer): scale it down now,
   * before the connection is up and the encoder starts.
   */
  async apply(sender: RTCRtpSender, track: MediaStreamTrack | null): Promise<void> {
    if (this.#settled || !wantsFastStart(track)) return;
    try {
      if (await setScale(sender, FAST_START_SCALE, 1)) this.#sender = sender;
    } catch {
      // Not supported here: the usual start.
    }
  }

  /** The connection is up: allow full size after FAST_START_RESTORE_MS. Idempotent. */
  connected(): void {
    if (this.#settled || this.#timer || !this.#sender) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#settled = true;
      const sender = this.#sender;
      this.#sender = null;
      // Only undo our own setting: if someone changed the scale meanwhile, theirs stands.
      if (sender) setScale(sender, Math.max(1, this.#floor()), FAST_START_SCALE).catch(() => undefined);
    }, FAST_START_RESTORE_MS);
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#sender = null;
    this.#settled = true;
  }
}

function wantsFastStart(track: MediaStreamTrack | null): boolean {
  if (!track || track.kind !== 'video' || typeof track.getSettings !== 'function') return false;
  return (track.getSettings().height ?? 0) >= FAST_START_MIN_HEIGHT;
}

/** Sets the first encoding's scale if it is currently `from`; true if it was set. */
async function setScale(sender: RTCRtpSender, to: number, from: number): Promise<boolean> {
  const parameters = sender.getParameters();
  const encoding = parameters.encodings?.[0];
  if (!encoding || (encoding.scaleResolutionDownBy ?? 1) !== from) return false;
  encoding.scaleResolutionDownBy = to;
  await sender.setParameters(parameters);
  return true;
}
