import { CPU_STEP_SCALES, CpuLoadPolicy } from './cpuLoadPolicy.js';

/** How often the camera's delivery is read. */
const SAMPLE_EVERY_MS = 2_000;

export interface CpuAdaptationHost {
  /** The camera track we send, or null (off, or watch only). */
  camera(): MediaStreamTrack | null;
  /**
   * A connected mesh connection that sends the camera now, whose stats show the camera's source
   * and encoder; null when none does (alone, camera off, or the SFU carries the media).
   */
  statsSource(): RTCPeerConnection | null;
  /** The step changed: the scale our camera is sent at now, and whether to ask for smaller video. */
  onChange(scale: number, busy: boolean): void;
}

interface SourceCount {
  frames: number;
  at: number;
}

/**
 * Keeps a busy computer's call moving (see cpuLoadPolicy): reads, every two seconds, how many
 * frames the camera delivers to the encoder of one mesh connection, and lowers or raises the
 * size our video is sent at and the size we ask the others for. Only in mesh mode: the SFU
 * publisher's simulcast layers are the SFU's business, and the policy is not fed while no mesh
 * connection sends the camera.
 */
export class CpuAdaptation {
  readonly #host: CpuAdaptationHost;
  readonly #policy = new CpuLoadPolicy(Date.now());
  readonly #timer: ReturnType<typeof setInterval>;
  #busy = false;
  /** The camera track and connection the last reading came from; a new one starts the warm-up over. */
  #watched: { track: MediaStreamTrack; pc: RTCPeerConnection } | null = null;
  #previous: SourceCount | null = null;

  constructor(host: CpuAdaptationHost) {
    this.#host = host;
    this.#timer = setInterval(() => void this.#tick(), SAMPLE_EVERY_MS);
  }

  /** The scale our camera is sent at (1: full size). */
  get scale(): number {
    return CPU_STEP_SCALES[this.#policy.step]!;
  }

  /** True while this computer asks the others for smaller video. */
  get busy(): boolean {
    return this.#policy.step > 0;
  }

  dispose(): void {
    clearInterval(this.#timer);
  }

  async #tick(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      const track = this.#host.camera();
      const pc = track?.readyState === 'live' ? this.#host.statsSource() : null;
      if (!track || !pc) {
        this.#watched = null;
        return;
      }
      const now = Date.now();
      if (this.#watched?.track !== track || this.#watched.pc !== pc) {
        this.#watched = { track, pc };
        this.#previous = null;
        this.#policy.restart(now);
      }
      const reading = readCamera(await pc.getStats(), track.id);
      const previous = this.#previous;
      this.#previous = reading.source;
      const sourceFps =
        previous && reading.source && reading.source.at > previous.at
          ? ((reading.source.frames - previous.frames) * 1000) / (reading.source.at - previous.at)
          : null;
      const before = this.#policy.step;
      const step = this.#policy.sample({ sourceFps, cameraFps: track.getSettings().frameRate ?? 0, cpuLimited: reading.cpuLimited }, now);
      if (step !== null && step !== before) this.#host.onChange(this.scale, this.busy);
    } catch {
      // A connection closing meanwhile: the next reading.
    } finally {
      this.#busy = false;
    }
  }
}

/** The camera's media-source frame count (§8.6) and whether its encoder is CPU-limited (§8.8). */
function readCamera(report: RTCStatsReport, trackId: string): { source: SourceCount | null; cpuLimited: boolean } {
  let source: SourceCount | null = null;
  let sourceId: string | null = null;
  report.forEach((stat: { type: string; id: string; kind?: string; trackIdentifier?: string; frames?: number; timestamp: number }) => {
    if (stat.type === 'media-source' && stat.kind === 'video' && stat.trackIdentifier === trackId && typeof stat.frames === 'number') {
      source = { frames: stat.frames, at: stat.timestamp };
      sourceId = stat.id;
    }
  });
  let cpuLimited = false;
  report.forEach((stat: { type: string; kind?: string; mediaSourceId?: string; qualityLimitationReason?: string }) => {
    if (stat.type === 'outbound-rtp' && stat.kind === 'video' && stat.mediaSourceId === sourceId) {
      cpuLimited ||= stat.qualityLimitationReason === 'cpu';
    }
  });
  return { source, cpuLimited };
}
