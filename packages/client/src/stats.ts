/**
 * getStats() digests for one peer connection (W3C webrtc-stats): what a connection panel and a
 * quality indicator show. Pure functions over the stats report, plus a sampler that remembers the
 * previous counters so rates (bitrate, loss) cover the last interval instead of the whole call.
 */

/** RTCIceCandidateType (webrtc-pc §4.8.1.2): host = direct, srflx/prflx = through NAT, relay = through TURN. */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';
export type LinkQuality = 'good' | 'fair' | 'poor' | 'unknown';

export interface LinkStats {
  /** Round-trip time of the selected candidate pair, ms. */
  rttMs: number | null;
  /** Inbound RTP packets lost over the last interval, percent. */
  packetLossPercent: number | null;
  bitrateInKbps: number | null;
  bitrateOutKbps: number | null;
  /** The largest inbound video (the camera, or the screen share when there is one). */
  video: { width: number; height: number; fps: number | null; codec: string | null } | null;
  audioCodec: string | null;
  /** The local candidate of the selected pair: how the media travels. */
  candidateType: CandidateType | null;
  /** Inbound audio level 0..1 (RFC 6464 level as reported by webrtc-stats §8.5), for active speaker. */
  audioLevel: number | null;
  /** Level of your own microphone as sent on this connection (media-source, webrtc-stats §8.4), 0..1. */
  sendingAudioLevel: number | null;
  quality: LinkQuality;
}

/** Cumulative counters kept between two samples. */
export interface StatsCounters {
  timestampMs: number;
  bytesReceived: number;
  bytesSent: number;
  packetsReceived: number;
  packetsLost: number;
}

type Stat = Record<string, unknown> & { id: string; type: string };
/** The part of RTCStatsReport this needs (a Map-like of stats objects). */
export interface StatsReportLike {
  forEach(callback: (value: Stat) => void): void;
}

/** Round trip and loss beyond which a call is noticeably worse (ITU-T G.114: 150 ms one way ≈ 300 ms RTT). */
const FAIR = { rttMs: 300, lossPercent: 2 };
const POOR = { rttMs: 600, lossPercent: 8 };

export function digestStats(report: StatsReportLike, previous: StatsCounters | null): { stats: LinkStats; counters: StatsCounters } {
  const byId = new Map<string, Stat>();
  report.forEach((stat: Stat) => byId.set(stat.id, stat));
  const all = [...byId.values()];

  const pair = selectedPair(all, byId);
  const local = pair ? byId.get(String(pair.localCandidateId)) : undefined;
  const candidateType = isCandidateType(local?.candidateType) ? local.candidateType : null;
  const rtt = num(pair?.currentRoundTripTime);

  let packetsReceived = 0;
  let packetsLost = 0;
  let video: LinkStats['video'] = null;
  let audioCodec: string | null = null;
  let audioLevel: number | null = null;
  let sendingAudioLevel: number | null = null;
  for (const stat of all) {
    if (stat.type === 'media-source' && stat.kind === 'audio') {
      const level = num(stat.audioLevel);
      if (level !== null) sendingAudioLevel = Math.max(sendingAudioLevel ?? 0, level);
    }
    if (stat.type !== 'inbound-rtp') continue;
    packetsReceived += num(stat.packetsReceived) ?? 0;
    packetsLost += Math.max(0, num(stat.packetsLost) ?? 0);
    const codec = codecName(byId.get(String(stat.codecId)));
    if (stat.kind === 'video') {
      const width = num(stat.frameWidth) ?? 0;
      const height = num(stat.frameHeight) ?? 0;
      if (width > 0 && (!video || width * height > video.width * video.height)) {
        video = { width, height, fps: num(stat.framesPerSecond), codec };
      }
    } else if (stat.kind === 'audio') {
      audioCodec ??= codec;
      const level = num(stat.audioLevel);
      if (level !== null) audioLevel = Math.max(audioLevel ?? 0, level);
    }
  }

  const counters: StatsCounters = {
    timestampMs: num(pair?.timestamp) ?? Date.now(),
    bytesReceived: num(pair?.bytesReceived) ?? 0,
    bytesSent: num(pair?.bytesSent) ?? 0,
    packetsReceived,
    packetsLost,
  };
  const seconds = previous ? (counters.timestampMs - previous.timestampMs) / 1000 : 0;
  const rate = (now: number, before: number) => (seconds > 0 ? Math.max(0, ((now - before) * 8) / 1000 / seconds) : null);
  const base = previous ?? { packetsReceived: 0, packetsLost: 0 };
  const received = packetsReceived - base.packetsReceived;
  const lost = packetsLost - base.packetsLost;
  const packetLossPercent = received + lost > 0 ? (100 * Math.max(0, lost)) / (received + lost) : null;

  const rttMs = rtt === null ? null : rtt * 1000;
  const stats: LinkStats = {
    rttMs,
    packetLossPercent,
    bitrateInKbps: previous ? rate(counters.bytesReceived, previous.bytesReceived) : null,
    bitrateOutKbps: previous ? rate(counters.bytesSent, previous.bytesSent) : null,
    video,
    audioCodec,
    candidateType,
    audioLevel,
    sendingAudioLevel,
    quality: quality(rttMs, packetLossPercent),
  };
  return { stats, counters };
}

export function quality(rttMs: number | null, lossPercent: number | null): LinkQuality {
  if (rttMs === null && lossPercent === null) return 'unknown';
  if ((rttMs ?? 0) >= POOR.rttMs || (lossPercent ?? 0) >= POOR.lossPercent) return 'poor';
  if ((rttMs ?? 0) >= FAIR.rttMs || (lossPercent ?? 0) >= FAIR.lossPercent) return 'fair';
  return 'good';
}

/** Samples one peer connection; each call reports rates since the previous one. */
export class StatsSampler {
  readonly #pc: RTCPeerConnection;
  #previous: StatsCounters | null = null;

  constructor(pc: RTCPeerConnection) {
    this.#pc = pc;
  }

  async sample(): Promise<LinkStats> {
    const { stats, counters } = digestStats(await this.#pc.getStats(), this.#previous);
    this.#previous = counters;
    return stats;
  }
}

/** transport.selectedCandidatePairId (webrtc-stats §7.12), else the nominated succeeded pair (Firefox: `selected`). */
function selectedPair(all: Stat[], byId: Map<string, Stat>): Stat | undefined {
  for (const stat of all) {
    if (stat.type === 'transport' && typeof stat.selectedCandidatePairId === 'string') {
      const pair = byId.get(stat.selectedCandidatePairId);
      if (pair) return pair;
    }
  }
  return all.find((s) => s.type === 'candidate-pair' && (s.selected === true || (s.nominated === true && s.state === 'succeeded')));
}

/** "video/VP8" → "VP8". */
function codecName(codec: Stat | undefined): string | null {
  const mime = typeof codec?.mimeType === 'string' ? codec.mimeType : null;
  return mime ? (mime.split('/')[1] ?? mime) : null;
}

function isCandidateType(value: unknown): value is CandidateType {
  return value === 'host' || value === 'srflx' || value === 'prflx' || value === 'relay';
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
