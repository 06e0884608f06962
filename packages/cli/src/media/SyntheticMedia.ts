import { SafeEmitter, type LocalTracks } from '@parley/client';
import type { NodeWebRtc } from '@parley/client/node';
import type { Denoiser } from '@parley/client/noise';
import { ClipPlayer, type SoundClip } from './soundClip.js';
import { AUDIO_FRAME_MS, Tone } from './tone.js';
import { MovingPattern } from './videoPattern.js';

export interface SyntheticMediaOptions {
  /** null: no camera. */
  video: { width: number; height: number; fps: number } | null;
  /** A tone, a recording played in a loop, or null: no microphone. */
  audio: { frequency: number } | { clip: SoundClip } | null;
  /** RNNoise on the recording before it is sent (it keeps state: one per SyntheticMedia). */
  denoiser?: Denoiser | null;
}

/** Audio frames made up at once after a stall, at most (the rest is dropped, as a real microphone would). */
const MAX_CATCH_UP = 10;

/**
 * A camera and a microphone made of code, for bots: a moving test pattern and a tone (or a
 * recording, cleaned by RNNoise if asked), fed to
 * libwebrtc's nonstandard RTCVideoSource/RTCAudioSource. Paced by the clock, not by the timer
 * (timers drift under load), so the tone plays at its real rate.
 */
export class SyntheticMedia extends SafeEmitter<{ 'tracks-changed': () => void }> implements LocalTracks {
  readonly audioTrack: MediaStreamTrack | null = null;
  readonly videoTrack: MediaStreamTrack | null = null;
  readonly #timers: Array<ReturnType<typeof setInterval>> = [];
  /** Frames handed to the sources so far. */
  readonly sent = { video: 0, audio: 0 };

  constructor(webrtc: NodeWebRtc, options: SyntheticMediaOptions) {
    super();
    const { RTCVideoSource, RTCAudioSource } = webrtc.nonstandard;
    if (options.video) {
      const source = new RTCVideoSource();
      const pattern = new MovingPattern(options.video.width, options.video.height);
      this.videoTrack = source.createTrack();
      this.#paced(1000 / options.video.fps, 1, () => {
        source.onFrame(pattern.next());
        this.sent.video++;
      });
    }
    if (options.audio) {
      const source = new RTCAudioSource();
      const denoiser = options.denoiser ?? null;
      const sound =
        'clip' in options.audio
          ? new ClipPlayer(options.audio.clip, denoiser && ((frame) => denoiser.process(frame)))
          : new Tone(options.audio.frequency);
      this.audioTrack = source.createTrack();
      this.#paced(AUDIO_FRAME_MS, MAX_CATCH_UP, () => {
        source.onData(sound.next());
        this.sent.audio++;
      });
    }
  }

  stop(): void {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    this.audioTrack?.stop();
    this.videoTrack?.stop();
  }

  /** Calls `produce` once per `periodMs` of elapsed time, catching up at most `maxBurst` at a time. */
  #paced(periodMs: number, maxBurst: number, produce: () => void): void {
    const start = performance.now();
    let produced = 0;
    const tick = () => {
      const due = Math.floor((performance.now() - start) / periodMs) + 1;
      if (due - produced > maxBurst) produced = due - maxBurst;
      while (produced < due) {
        produce();
        produced++;
      }
    };
    tick();
    this.#timers.push(setInterval(tick, Math.max(5, periodMs / 2)));
  }
}
