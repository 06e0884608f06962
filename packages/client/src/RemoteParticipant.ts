import type { MediaState } from '@parley/protocol';
import type { LinkConnectionState } from './IceRestart.js';
import type { PeerLink } from './PeerLink.js';
import { StatsSampler, type LinkStats } from './stats.js';
import type { SfuRemoteMedia, SfuSubscriber } from './sfu/SfuSubscriber.js';

/** Another person in the room, as this client sees them. */
export class RemoteParticipant {
  readonly id: string;
  readonly name: string;
  readonly link: PeerLink;
  /** What they announced they send (mic on, camera on, sharing); null until they told us. */
  #media: MediaState | null = null;
  #sampler: StatsSampler | null = null;
  /** Their media through the SFU once the room moved there and it decodes (see SfuMode). */
  #sfu: SfuRemoteMedia | null = null;
  /** The SFU subscriber connection their media comes over, while it does. */
  #subscriber: SfuSubscriber | null = null;

  constructor(id: string, name: string, link: PeerLink) {
    this.id = id;
    this.name = name;
    this.link = link;
  }

  /** Their camera and microphone tracks (from the SFU once the room moved there). */
  get stream(): MediaStream {
    return this.#sfu?.stream ?? this.link.remoteStream;
  }

  /** Their screen share (empty when they are not sharing). */
  get screenStream(): MediaStream {
    return this.#sfu?.screen ?? this.link.remoteScreen;
  }

  /** True once what you see of them comes through the SFU rather than the direct link. */
  get viaSfu(): boolean {
    return this.#sfu !== null;
  }

  /**
   * @internal Set by the Room when their SFU media decodes (make before break). From then on
   * `getStats` reads the SFU subscriber connection, limited to their tracks, and
   * `connectionState` is that connection's.
   */
  useSfu(media: SfuRemoteMedia, subscriber: SfuSubscriber): void {
    this.#sfu = media;
    this.#subscriber = subscriber;
    this.#sampler = new StatsSampler(tracksOf(subscriber.pc, () => [...media.stream.getTracks()]));
  }

  /** @internal Back to the direct link (the room came back as mesh after a server restart). */
  useMesh(): void {
    this.#sfu = null;
    this.#subscriber = null;
    this.#sampler = null;
  }

  /**
   * `reconnecting` while a lost path is being restored (ICE restart): of the direct link, or of
   * the SFU subscriber connection once their media comes through the SFU.
   */
  get connectionState(): LinkConnectionState {
    return this.#subscriber?.connectionState ?? this.link.connectionState;
  }

  /** Mic / camera / screen state they announced (see Room `media-state`), or null if not yet known. */
  get media(): MediaState | null {
    return this.#media;
  }

  /** @internal Set by the Room when their announcement arrives. */
  setMedia(state: MediaState): void {
    this.#media = state;
  }

  /**
   * The connection to them right now: RTT, loss and bitrates since the previous call, resolution,
   * frame rate, codecs, and whether the path is host, srflx or relay.
   *
   * @example
   * setInterval(async () => render(await participant.getStats()), 1000);
   */
  getStats(): Promise<LinkStats> {
    this.#sampler ??= new StatsSampler(this.link.pc);
    return this.#sampler.sample();
  }
}

/**
 * The stats of some tracks of a connection (getStats with a track selector, webrtc-pc §8.2,
 * merged), shaped like the connection itself for StatsSampler.
 */
function tracksOf(pc: RTCPeerConnection, tracks: () => MediaStreamTrack[]): RTCPeerConnection {
  const getStats = async (): Promise<RTCStatsReport> => {
    const merged = new Map<string, unknown>();
    for (const track of tracks()) (await pc.getStats(track)).forEach((stat: { id: string }) => merged.set(stat.id, stat));
    return merged;
  };
  return { getStats } as unknown as RTCPeerConnection;
}
