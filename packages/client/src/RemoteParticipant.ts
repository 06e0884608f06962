import type { MediaState } from '@parley/protocol';
import type { LinkConnectionState } from './IceRestart.js';
import type { PeerLink } from './PeerLink.js';
import { StatsSampler, type LinkStats } from './stats.js';
import type { SfuRemoteMedia } from './sfu/SfuSubscriber.js';

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

  /** @internal Set by the Room when their SFU media decodes (make before break). */
  useSfu(media: SfuRemoteMedia): void {
    this.#sfu = media;
  }

  /** `reconnecting` while a lost path is being restored (ICE restart). */
  get connectionState(): LinkConnectionState {
    return this.link.connectionState;
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
