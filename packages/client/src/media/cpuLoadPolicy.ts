/**
 * When this computer is too busy for the video it sends and receives, and when it has room again:
 * decided from how many frames the camera's track delivers to the encoder (webrtc-stats §8.6
 * RTCVideoSourceStats) against the rate the camera runs at, and from libwebrtc saying the
 * encoder is held back by the CPU (§8.8 `qualityLimitationReason` "cpu").
 *
 * A starved browser delivers few of its camera's frames: the capture, the encoder and the page
 * share what CPU there is. Measured in the network lab (a Chromium given 20 % of one core, a
 * 720p camera): 3 frames a second sent at full size; with the encoding at half size on both
 * sides (ours and what the other person sends us), 8. The encoder's own CPU adaptation did not
 * act (its reason stayed "none": it is fed too few frames to look busy). So each step halves
 * the size of the video we send and asks the others for half-size video too. A camera in low
 * light delivers half its rate with nothing wrong; a starved one delivers a fifth to a quarter.
 */

/** The encoding's scale (`scaleResolutionDownBy`, webrtc-pc §5.2) at each step. */
export const CPU_STEP_SCALES = [1, 2, 4] as const;
/** No picture is made smaller than this (height, px): below it a face is no longer told apart. */
export const MIN_SCALED_HEIGHT = 180;
/** After the camera starts going out (or comes back to the mesh), nothing is judged this long: the encoder ramps up. */
export const WARMUP_MS = 10_000;
/** A sample with the camera delivering under this share of its rate counts as starved. */
export const STARVED_SHARE = 0.4;
/** Consecutive starved samples before a step down. */
export const STEP_DOWN_AFTER = 2;
/** A sample with the camera delivering at least this share of its rate counts as at ease. */
export const EASY_SHARE = 0.8;
/** At ease this long, a step back up; doubled each time a step up had to be taken back, up to the last. */
export const STEP_UP_WAITS_MS = [30_000, 60_000, 120_000, 300_000] as const;
/** A step down this soon after a step up means the step up was too early. */
const TAKEN_BACK_WITHIN_MS = 60_000;

export interface CpuSample {
  /** Frames per second the camera's track delivered over the last interval; null: not known. */
  sourceFps: number | null;
  /** The rate the camera runs at (its settings' frame rate). */
  cameraFps: number;
  /** libwebrtc's encoder says the CPU limits it. */
  cpuLimited: boolean;
}

export class CpuLoadPolicy {
  #step = 0;
  #judgeFrom: number;
  #starved = 0;
  #easySince: number | null = null;
  #upWait = 0;
  #lastUpAt = -Infinity;

  constructor(nowMs: number) {
    this.#judgeFrom = nowMs + WARMUP_MS;
  }

  /** 0: full size; each step halves what we send and asks for half-size video. */
  get step(): number {
    return this.#step;
  }

  /** The camera (re)started going out: judge nothing until it has warmed up. The step stays. */
  restart(nowMs: number): void {
    this.#judgeFrom = nowMs + WARMUP_MS;
    this.#starved = 0;
    this.#easySince = null;
  }

  /** One reading; returns the new step when it changes, else null. */
  sample(sample: CpuSample, nowMs: number): number | null {
    if (nowMs < this.#judgeFrom || sample.cameraFps <= 0) return null;
    const share = sample.sourceFps === null ? null : sample.sourceFps / sample.cameraFps;
    const starved = sample.cpuLimited || (share !== null && share < STARVED_SHARE);
    if (starved) {
      this.#easySince = null;
      this.#starved += 1;
      if (this.#starved < STEP_DOWN_AFTER || this.#step === CPU_STEP_SCALES.length - 1) return null;
      if (nowMs - this.#lastUpAt < TAKEN_BACK_WITHIN_MS) this.#upWait = Math.min(this.#upWait + 1, STEP_UP_WAITS_MS.length - 1);
      return this.#move(this.#step + 1, nowMs);
    }
    this.#starved = 0;
    if (this.#step === 0 || share === null || share < EASY_SHARE) {
      this.#easySince = null;
      return null;
    }
    this.#easySince ??= nowMs;
    if (nowMs - this.#easySince < STEP_UP_WAITS_MS[this.#upWait]!) return null;
    this.#lastUpAt = nowMs;
    return this.#move(this.#step - 1, nowMs);
  }

  #move(step: number, nowMs: number): number {
    this.#step = step;
    this.#starved = 0;
    this.#easySince = null;
    // The encoder settles at its new size before the next judgement.
    this.#judgeFrom = nowMs + 4_000;
    return step;
  }
}

/** The scale for a camera `height` px tall at `scale`, never below MIN_SCALED_HEIGHT (a small camera is left alone). */
export function boundedScale(scale: number, height: number | undefined): number {
  if (!height || height <= MIN_SCALED_HEIGHT) return 1;
  return Math.max(1, Math.min(scale, height / MIN_SCALED_HEIGHT));
}
