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
  /**
   * Where the other side's packets come from (the selected pair's remote candidate, `address:port`;
   * behind NAT their router's public address, through TURN the relay's): a network change shows here.
   */
  remoteAddress: string | null;
  /**
   * Inbound audio level 0..1 over the last interval (webrtc-stats §8.5), for active speaker: the
   * loudest inbound audio stream's root-mean-square level since the previous sample.
   */
  audioLevel: number | null;
  /** Level of your own microphone as sent on this connection over the last interval (media-source, webrtc-stats §8.4), 0..1. */
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
  /** Per audio stats id (inbound-rtp and media-source): the running energy totals. */
  audio: Record<string, AudioTotals>;
}

/** totalAudioEnergy and totalSamplesDuration of one audio stats object (webrtc-stats §8.4, §8.5). */
export interface AudioTotals {
  energy: number;
  seconds: number;
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
  const remote = pair ? byId.get(String(pair.remoteCandidateId)) : undefined;
  const remotePort = num(remote?.port);
  const remoteAddress =
    typeof remote?.address === 'string' && remote.address && remotePort !== null ? `${remote.address}:${remotePort}` : null;
  const rtt = num(pair?.currentRoundTripTime);

  let packetsReceived = 0;
  let packetsLost = 0;
  let video: LinkStats['video'] = null;
  let audioCodec: string | null = null;
  let audioLevel: number | null = null;
  let sendingAudioLevel: number | null = null;
  const audio: Record<string, AudioTotals> = {};
  /** The stream's level over the interval, else (first sample, no totals, counters reset) its level now. */
  const levelOf = (stat: Stat): number | null => {
    const energy = num(stat.totalAudioEnergy);
    const duration = num(stat.totalSamplesDuration);
    if (energy === null || duration === null) return num(stat.audioLevel);
    const totals = { energy, seconds: duration };
    audio[stat.id] = totals;
    return intervalLevel(previous?.audio[stat.id], totals) ?? num(stat.audioLevel);
  };
  for (const stat of all) {
    if (stat.type === 'media-source' && stat.kind === 'audio') {
      const level = levelOf(stat);
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
      const level = levelOf(stat);
      if (level !== null) audioLevel = Math.max(audioLevel ?? 0, level);
    }
  }

  const counters: StatsCounters = {
    timestampMs: num(pair?.timestamp) ?? Date.now(),
    bytesReceived: num(pair?.bytesReceived) ?? 0,
    bytesSent: num(pair?.bytesSent) ?? 0,
    packetsReceived,
    packetsLost,
    audio,
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
    remoteAddress,
    audioLevel,
    sendingAudioLevel,
    quality: quality(rttMs, packetLossPercent),
  };
  return { stats, counters };
}

/**
 * Root-mean-square level between two readings of one stream's totals: webrtc-stats §8.4 defines
 * totalAudioEnergy as the sum of level² × duration, so √(Δenergy / Δduration) is the level averaged
 * over the interval. An instantaneous audioLevel read once a second can fall between syllables (or
 * between the beeps of a test microphone) every time; the interval's energy does not miss them.
 */
export function intervalLevel(before: AudioTotals | undefined, now: AudioTotals): number | null {
  if (!before) return null;
  const seconds = now.seconds - before.seconds;
  const energy = now.energy - before.energy;
  if (seconds <= 0 || energy < 0) return null;
  return Math.min(1, Math.sqrt(energy / seconds));
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

/** The selected candidate pair of a stats report (see selectedPair). */
export function selectedCandidatePair(report: StatsReportLike): Stat | undefined {
  const byId = new Map<string, Stat>();
  report.forEach((stat: Stat) => byId.set(stat.id, stat));
  return selectedPair([...byId.values()], byId);
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
