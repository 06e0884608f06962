import { selectedCandidatePair } from '../stats.js';
import { QueueDelayMeter } from './QueueDelayMeter.js';
import { VideoPausePolicy, type VideoPauseAction } from './videoPausePolicy.js';

/** How often the estimate is read. */
const SAMPLE_EVERY_MS = 1_000;
/** A probe sends the smallest picture: a quarter of the camera's width and height, at most this bitrate. */
const PROBE_SCALE = 4;
const PROBE_MAX_BITRATE = 150_000;

/** The encoding settings a probe changes, to put back when video resumes. */
interface Saved {
  scaleResolutionDownBy: number | undefined;
  maxBitrate: number | undefined;
}

/**
 * Carries out VideoPausePolicy on one link's camera sender: reads the link's bandwidth estimate
 * and queue delay once a second and pauses, probes or resumes the camera's encoding (`active`,
 * webrtc-pc §5.2 RTCRtpEncodingParameters: no renegotiation, the track stays). `onChange(paused)` says when the
 * video to this person stopped or came back, for the notices on both sides.
 */
export class VideoBandwidthGuard {
  readonly #pc: RTCPeerConnection;
  readonly #sender: () => RTCRtpSender | undefined;
  readonly #onChange: (paused: boolean) => void;
  readonly #scaleFloor: () => number;
  readonly #policy = new VideoPausePolicy();
  readonly #queue = new QueueDelayMeter();
  readonly #timer: ReturnType<typeof setInterval>;
  #busy = false;
  #saved: Saved | null = null;

  /** `scaleFloor`: the smallest scale a resumed encoding may have (see PeerLink.setVideoScaleFloor). */
  constructor(
    pc: RTCPeerConnection,
    sender: () => RTCRtpSender | undefined,
    onChange: (paused: boolean) => void,
    scaleFloor: () => number = () => 1,
  ) {
    this.#pc = pc;
    this.#sender = sender;
    this.#onChange = onChange;
    this.#scaleFloor = scaleFloor;
    this.#timer = setInterval(() => void this.#tick(), SAMPLE_EVERY_MS);
  }

  /** True while the camera's video to this person is paused (or only probing) for lack of bandwidth. */
  get paused(): boolean {
    return this.#policy.state !== 'sending';
  }

  dispose(): void {
    clearInterval(this.#timer);
  }

  async #tick(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      const sender = this.#sender();
      if (!sender?.track) {
        // No camera on this link (turned off, or its media goes through the SFU): nothing to guard.
        if (this.paused) {
          this.#policy.reset();
          if (sender) await this.#apply(sender, 'resume');
          this.#onChange(false);
        }
        return;
      }
      // A link finding its path again (ICE restart) has no estimate worth judging.
      if (this.#pc.connectionState !== 'connected') return;
      const before = this.#policy.state;
      const report = await this.#pc.getStats();
      const pair = selectedCandidatePair(report);
      const available = pair?.availableOutgoingBitrate;
      const action = this.#policy.sample(
        {
          // webrtc-stats §7.13, bit/s
          availableKbps: typeof available === 'number' ? available / 1000 : null,
          queueDelayMs: this.#queue.read(report, pair?.id ?? null),
        },
        Date.now(),
      );
      if (!action) return;
      await this.#apply(sender, action);
      // Pausing again after a probe that found no room is no news.
      if (action === 'pause' && before === 'sending') this.#onChange(true);
      if (action === 'resume') this.#onChange(false);
    } catch {
      // A sender that changed meanwhile (setParameters' transaction raced a track swap): next time.
    } finally {
      this.#busy = false;
    }
  }

  async #apply(sender: RTCRtpSender, action: Exclude<VideoPauseAction, null>): Promise<void> {
    const parameters = sender.getParameters();
    const encoding = parameters.encodings?.[0];
    if (!encoding) return;
    if (action === 'pause') {
      this.#saved ??= { scaleResolutionDownBy: encoding.scaleResolutionDownBy, maxBitrate: encoding.maxBitrate };
      encoding.active = false;
    } else if (action === 'probe') {
      encoding.active = true;
      encoding.scaleResolutionDownBy = Math.max(PROBE_SCALE, this.#saved?.scaleResolutionDownBy ?? 1);
      encoding.maxBitrate = PROBE_MAX_BITRATE;
    } else {
      encoding.active = true;
      const saved = this.#saved?.scaleResolutionDownBy;
      const floor = this.#scaleFloor();
      restore(encoding, 'scaleResolutionDownBy', floor > (saved ?? 1) ? floor : saved);
      restore(encoding, 'maxBitrate', this.#saved?.maxBitrate);
      this.#saved = null;
    }
    await sender.setParameters(parameters);
  }
}

function restore<K extends 'scaleResolutionDownBy' | 'maxBitrate'>(
  encoding: RTCRtpEncodingParameters,
  key: K,
  value: number | undefined,
): void {
  if (value === undefined) delete encoding[key];
  else encoding[key] = value;
}
