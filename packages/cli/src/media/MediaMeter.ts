import type { Room } from '@parley/client';
import type { NodeWebRtc } from '@parley/client/node';

/** What arrived from one participant so far. */
export interface ReceivedMedia {
  name: string;
  videoFrames: number;
  width: number;
  height: number;
  audioFrames: number;
  /** Loudest 10 ms of audio since the last report, in dBFS (−Infinity for silence). */
  peakDbfs: number;
}

/**
 * Counts the media each participant sends us, reading their tracks through libwebrtc's
 * RTCVideoSink/RTCAudioSink (decoded frames and PCM): proof that media really arrives, not just
 * that a connection exists.
 */
export class MediaMeter {
  readonly #byParticipant = new Map<string, ReceivedMedia>();
  readonly #sinks: Array<{ stop(): void }> = [];
  /** performance.now() of the first decoded video frame from anyone, for join-to-picture latency. */
  firstVideoFrameAt: number | null = null;

  constructor(room: Room, webrtc: NodeWebRtc) {
    const { RTCVideoSink, RTCAudioSink } = webrtc.nonstandard;
    room.on('track-added', ({ participant, track }) => {
      const stats = this.#of(participant.id, participant.name);
      if (track.kind === 'video') {
        const sink = new RTCVideoSink(track);
        sink.addEventListener('frame', ({ frame }) => {
          this.firstVideoFrameAt ??= performance.now();
          stats.videoFrames++;
          stats.width = frame.width;
          stats.height = frame.height;
        });
        this.#sinks.push(sink);
      } else if (track.kind === 'audio') {
        const sink = new RTCAudioSink(track);
        sink.addEventListener('data', ({ samples }) => {
          stats.audioFrames++;
          stats.peakDbfs = Math.max(stats.peakDbfs, rmsDbfs(samples));
        });
        this.#sinks.push(sink);
      }
    });
  }

  /** A snapshot per participant; the audio peak starts over after each call. */
  report(): ReceivedMedia[] {
    const out = [...this.#byParticipant.values()].map((stats) => ({ ...stats }));
    for (const stats of this.#byParticipant.values()) stats.peakDbfs = -Infinity;
    return out;
  }

  /** How many participants we have decoded video from. */
  get videoSources(): number {
    return [...this.#byParticipant.values()].filter((stats) => stats.videoFrames > 0).length;
  }

  stop(): void {
    for (const sink of this.#sinks.splice(0)) sink.stop();
  }

  #of(id: string, name: string): ReceivedMedia {
    let stats = this.#byParticipant.get(id);
    if (!stats) {
      stats = { name, videoFrames: 0, width: 0, height: 0, audioFrames: 0, peakDbfs: -Infinity };
      this.#byParticipant.set(id, stats);
    }
    return stats;
  }
}

/** Root-mean-square level of 16-bit samples relative to full scale (0 dBFS = a full-scale square wave). */
export function rmsDbfs(samples: Int16Array): number {
  if (samples.length === 0) return -Infinity;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  const rms = Math.sqrt(sum / samples.length) / 32768;
  return rms > 0 ? 20 * Math.log10(rms) : -Infinity;
}
