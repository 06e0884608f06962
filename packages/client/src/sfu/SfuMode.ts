import {
  isParleyError,
  type RoomMode,
  type SfuAnswer,
  type SfuCandidate,
  type SfuCandidateEvent,
  type SfuLayerRequest,
  type SfuOffer,
  type SfuReadyMessage,
  type SfuPublishRequest,
  type SfuReadyRequest,
  type SfuReset,
  type SfuRestartRequest,
  type SfuRestartResult,
  type SfuSession,
} from '@parley/protocol';
import type { LocalTrackSet } from '../peerSignals.js';
import type { RemoteParticipant } from '../RemoteParticipant.js';
import type { WebRtcImplementation } from '../webrtc.js';
import type { FrameTransforms } from '../peer/FrameTransforms.js';
import { lowerQuality, ReceiveLayerCap, type ReceiveCounters, type ReceiveQuality } from './ReceiveLayerCap.js';
import type { PeerHandler } from '../peer/PeerHandler.js';
import { SfuPublisher } from './SfuPublisher.js';
import { SfuSubscriber } from './SfuSubscriber.js';

/** The SFU messages a client sends without waiting for an answer (while in the room). */
export interface SfuNotices {
  /** `sfu-candidate`: one of our ICE candidates, for Janus. */
  candidate(candidate: SfuCandidate): void;
  /** `sfu-layer`: the simulcast layer to receive on one subscribed m-line. */
  layer(request: SfuLayerRequest): void;
  /** `sfu-ready`: our tile of `to` plays from the SFU now. */
  ready(request: SfuReadyRequest): void;
}

const NO_TRACKS: LocalTrackSet = { audio: null, video: null };
/** How often a participant's SFU media is checked for its first decoded frame (make before break). */
const FLOW_CHECK_MS = 150;
/**
 * After a tile switched to SFU media, how long the other side keeps sending on the mesh link: the
 * app shows the new stream once its first frame is presented (a second <video> warming up, or a
 * re-bound one), which takes a moment more on a busy machine; stopping the old one at once would
 * freeze the tile meanwhile.
 */
const MESH_OVERLAP_MS = 2_000;
/** How often the subscriber's loss is sampled for the downlink's layer cap (ReceiveLayerCap). */
const DOWNLINK_SAMPLE_MS = 2_000;

export type { ReceiveQuality } from './ReceiveLayerCap.js';
/** Janus `substream` of each simulcast layer. */
const SUBSTREAM: Record<ReceiveQuality, number> = { low: 0, medium: 1, high: 2 };

/**
 * Refusals of an ICE restart that no retry can cure: the server holds no SFU session for us any
 * more, or Janus refused the renegotiation. Publishing and subscribing afresh is what is left.
 */
const RESTART_IMPOSSIBLE: ReadonlySet<string> = new Set(['sfu-session-lost', 'sfu-unavailable']);
/** Refusals because the signaling connection was lost: after the rejoin the session carries on or starts over (see resume). */
const REJOIN_REDOES: ReadonlySet<string> = new Set(['signaling-unavailable', 'not-in-room']);
/**
 * Publish failures a later try can cure: no answer in time (Janus on a saturated machine was seen
 * taking over 10 s), Janus unreachable or refusing for a moment, a server fault. SFU mode starts
 * over after PUBLISH_RETRY_MS, doubled per failure in a row up to PUBLISH_RETRY_MAX_MS; the mesh
 * links carry the call meanwhile.
 */
const PUBLISH_RETRIED: ReadonlySet<string> = new Set(['timeout', 'sfu-unavailable', 'server-error']);
const PUBLISH_RETRY_MS = 1_000;
const PUBLISH_RETRY_MAX_MS = 16_000;
/** Refusals the next retry (or the rejoin after a lost signaling connection) takes care of: not reported. */
const RESTART_LATER: ReadonlySet<string> = new Set(['timeout', ...REJOIN_REDOES]);

/** What SfuMode needs from its Room. */
export interface SfuModeHost {
  webrtc(): WebRtcImplementation | null;
  configuration(): RTCConfiguration;
  /** What every frame to and from the SFU passes through (end-to-end encryption), or null. */
  frameTransforms(): FrameTransforms | null;
  localTracks(): LocalTrackSet;
  screenTracks(): readonly MediaStreamTrack[];
  participant(id: string): RemoteParticipant | undefined;
  publish(request: SfuPublishRequest): Promise<SfuAnswer>;
  /** ICE restart of one SFU connection, through the server (`sfu-restart`). */
  restartIce(request: SfuRestartRequest): Promise<SfuRestartResult>;
  send: SfuNotices;
  /** A participant's shown media changed (their tile re-binds). */
  onTracks(participant: RemoteParticipant, track: MediaStreamTrack, added: boolean): void;
  /** A participant's presented connection state changed (their tile shows `reconnecting` or not). */
  onConnectionState(participant: RemoteParticipant): void;
  /** The mesh links carry camera and mic again (their senders are given the local tracks). */
  restoreMesh(): void;
  onError(error: unknown): void;
}

/**
 * The client side of SFU mode. When the server says the room moved to the SFU (`room-mode`, or
 * the join snapshot), this publishes to the SFU and subscribes to everyone on one connection,
 * make before break: a remote person's tile moves to their SFU media only once it decodes, and
 * only then does that person stop sending to us on the mesh link (we tell them with `sfu-ready`;
 * they replaceTrack(null) their mesh senders: no renegotiation, no encoding for us any more).
 * Mesh links stay open carrying their data channels, so chat and file transfer are unchanged.
 */
export class SfuMode {
  readonly #host: SfuModeHost;
  #mode: RoomMode = 'mesh';
  /** The number of the current SFU session (each start counts one): what the server stamps on its messages. */
  #session: SfuSession = 0;
  #publisher: SfuPublisher | null = null;
  #subscriber: SfuSubscriber | null = null;
  /** Participants who receive us through the SFU: our mesh senders to them carry nothing. */
  readonly #retired = new Set<string>();
  /** Participants whose tiles show SFU media. */
  readonly #switched = new Set<string>();
  /** Participants told `sfu-ready` (see resume: told again after a signaling blip). */
  readonly #toldReady = new Set<string>();
  readonly #watching = new Map<string, ReturnType<typeof setInterval>>();
  /** The layer asked for per person, applied again when their SFU media (re)appears. */
  readonly #quality = new Map<string, ReceiveQuality>();
  readonly #overlaps = new Set<ReturnType<typeof setTimeout>>();
  readonly #layerCap = new ReceiveLayerCap();
  #downlinkSampler: ReturnType<typeof setInterval> | null = null;
  /** Publishes that failed in a row (see PUBLISH_RETRIED), and the timer of the next try. */
  #publishFailures = 0;
  #publishRetry: ReturnType<typeof setTimeout> | null = null;

  constructor(host: SfuModeHost) {
    this.#host = host;
  }

  get mode(): RoomMode {
    return this.#mode;
  }

  /** The current SFU session's number (0 before the first). */
  get session(): SfuSession {
    return this.#session;
  }

  /** The publisher and subscriber while in SFU mode (what every connection owner shares: see PeerHandler). */
  get handlers(): PeerHandler[] {
    return [this.#publisher, this.#subscriber].filter((handler): handler is SfuPublisher | SfuSubscriber => handler !== null);
  }

  /** The publisher and subscriber connections while in SFU mode (stats, tests). */
  get connections(): { publisher: RTCPeerConnection; subscriber: RTCPeerConnection } | null {
    return this.#publisher && this.#subscriber ? { publisher: this.#publisher.pc, subscriber: this.#subscriber.pc } : null;
  }

  /** True when `participant`'s tile shows what comes through the SFU. */
  viaSfu(participant: string): boolean {
    return this.#switched.has(participant);
  }

  setMode(mode: RoomMode): void {
    if (mode === this.#mode) return;
    this.#mode = mode;
    if (mode === 'sfu') {
      this.#start();
      return;
    }
    // The server never moves a room back (a room that shrinks stays on the SFU), but a room that
    // came back after a server restart starts as mesh: the direct links carry media again.
    for (const id of this.#switched) {
      const participant = this.#host.participant(id);
      participant?.useMesh();
      for (const track of participant?.stream.getTracks() ?? []) this.#host.onTracks(participant!, track, true);
    }
    this.close();
    this.#retired.clear();
    this.#host.restoreMesh();
  }

  /** A new mesh link: in SFU mode it carries data channels only (the person gets our media from the SFU). */
  adopt(participant: string): void {
    if (this.#mode === 'sfu') this.#retired.add(participant);
    if (this.#subscriber?.media(participant)) this.#watch(participant);
  }

  forget(participant: string): void {
    this.#retired.delete(participant);
    this.#switched.delete(participant);
    this.#toldReady.delete(participant);
    this.#quality.delete(participant);
    this.#subscriber?.forget(participant);
    this.#unwatch(participant);
  }

  /** The camera and mic a mesh link to `participant` should carry. */
  meshTracks(participant: string, tracks: LocalTrackSet): LocalTrackSet {
    return this.#retired.has(participant) ? NO_TRACKS : tracks;
  }

  meshScreenTracks(participant: string, tracks: readonly MediaStreamTrack[]): readonly MediaStreamTrack[] {
    return this.#retired.has(participant) ? [] : tracks;
  }

  /** Device switch or camera on/off: replaceTrack on the publisher. */
  setLocalTracks(tracks: LocalTrackSet): void {
    this.#publisher?.setLocalTracks(tracks).catch((error: unknown) => this.#host.onError(error));
  }

  /** Screen share: the publisher's screen slots. */
  setScreenTracks(tracks: readonly MediaStreamTrack[]): void {
    this.#publisher?.setScreenTracks(tracks).catch((error: unknown) => this.#host.onError(error));
  }

  /** Which simulcast layer to receive of `participant`'s camera (e.g. by tile size). */
  setReceiveQuality(participant: string, quality: ReceiveQuality): void {
    this.#quality.set(participant, quality);
    this.#applyQuality(participant);
  }

  /** The highest layer this downlink carries now (lowered on sustained loss, raised when clean). */
  get receiveCap(): ReceiveQuality {
    return this.#layerCap.cap;
  }

  /** Asks for the lower of what the tile wants and what the downlink carries. */
  #applyQuality(participant: string): void {
    const requested = this.#quality.get(participant);
    // Nothing asked and nothing to lower: Janus sends the high layer by default.
    if (!requested && this.#layerCap.cap === 'high') return;
    const quality = lowerQuality(requested ?? 'high', this.#layerCap.cap);
    const mid = this.#subscriber?.midOf(participant, 'camera');
    if (mid) this.#host.send.layer({ mid, substream: SUBSTREAM[quality] });
  }

  /** Loss on everything the subscriber receives; a changed cap re-asks every camera's layer. */
  async #sampleDownlink(subscriber: SfuSubscriber): Promise<void> {
    const counters: ReceiveCounters = { packetsReceived: 0, packetsLost: 0 };
    const stats = await subscriber.pc.getStats();
    stats.forEach((stat: Record<string, unknown>) => {
      if (stat.type !== 'inbound-rtp' || stat.kind !== 'video') return;
      counters.packetsReceived += Number(stat.packetsReceived ?? 0);
      counters.packetsLost += Number(stat.packetsLost ?? 0);
    });
    if (subscriber !== this.#subscriber || !this.#layerCap.update(counters)) return;
    for (const id of new Set([...this.#quality.keys(), ...this.#switched])) this.#applyQuality(id);
  }

  // ---- from the server ----

  /**
   * Janus's offer for the subscriber connection, answered; null when there is no answer to give:
   * no subscriber (SFU mode ended), or the offer could not be applied. The latter leaves the
   * connection in no known state, so SFU mode starts over (a fresh publish closes the old session).
   */
  async onOffer(offer: SfuOffer): Promise<SfuAnswer | null> {
    const subscriber = this.#subscriber;
    if (!subscriber || offer.session !== this.#session) return null;
    try {
      return await subscriber.answer(offer);
    } catch {
      if (subscriber === this.#subscriber) this.restart();
      return null;
    }
  }

  onCandidate({ session, connection, candidate }: SfuCandidateEvent): void {
    if (session !== this.#session) return;
    const target = connection === 'publisher' ? this.#publisher : this.#subscriber;
    target?.addRemoteCandidate(candidate).catch(() => undefined);
  }

  /** `from` now sees us through the SFU: stop sending to them on the mesh link. */
  onReady({ from }: SfuReadyMessage): void {
    const participant = this.#host.participant(from);
    this.#retired.add(from);
    if (!participant) return;
    participant.link.setLocalTracks(NO_TRACKS).catch((error: unknown) => this.#host.onError(error));
    participant.link.setScreenTracks([]).catch((error: unknown) => this.#host.onError(error));
  }

  /** The server closed our SFU session `session`: start over, unless that session was replaced already. */
  onReset({ session }: SfuReset): void {
    if (session === this.#session) this.restart();
  }

  /**
   * The signaling connection came back. When the server still holds our SFU session (it follows
   * us to the new connection) and our publish had gone through, media never stopped: both
   * connections stay (their own recovery restarts ICE if the network path broke too). Otherwise
   * (we were taken as departed, the server restarted, another node serves us now, or the publish
   * was cut off) publish and subscribe afresh.
   */
  resume(heldByServer: SfuSession | null): void {
    if (this.#mode !== 'sfu') return;
    if (heldByServer === this.#session && this.#publisher?.answered) {
      // socket.io replays what the server sent us while we were away, not what we sent: a
      // `sfu-ready` lost with the old connection would leave that person encoding and sending
      // to us on the mesh link for the rest of the call. Telling again is harmless (replaceTrack(null) twice).
      for (const id of this.#toldReady) this.#host.send.ready({ to: id });
      return;
    }
    this.restart();
  }

  /**
   * Publish and subscribe afresh, closing the current SFU session. Tiles hand over to the new
   * streams the same way as at the first switch.
   */
  restart(): void {
    if (this.#mode !== 'sfu') return;
    this.close();
    this.#start();
  }

  close(): void {
    if (this.#publishRetry) clearTimeout(this.#publishRetry);
    this.#publishRetry = null;
    this.#switched.clear();
    this.#toldReady.clear();
    for (const id of [...this.#watching.keys()]) this.#unwatch(id);
    for (const timer of this.#overlaps) clearTimeout(timer);
    this.#overlaps.clear();
    if (this.#downlinkSampler) clearInterval(this.#downlinkSampler);
    this.#downlinkSampler = null;
    this.#publisher?.close();
    this.#subscriber?.close();
    this.#publisher = null;
    this.#subscriber = null;
  }

  #start(): void {
    const webrtc = this.#host.webrtc();
    if (!webrtc || this.#publisher) return;
    const session = (this.#session += 1);
    const configuration = this.#host.configuration();
    const subscriber: SfuSubscriber = new SfuSubscriber({
      RTCPeerConnection: webrtc.RTCPeerConnection,
      MediaStream: webrtc.MediaStream,
      configuration,
      candidate: (candidate) => this.#host.send.candidate({ connection: 'subscriber', candidate }),
      restart: async () => {
        await this.#host.restartIce({ connection: 'subscriber' });
      },
      frameTransforms: this.#host.frameTransforms(),
      recovery: {
        // Everyone seen through the SFU comes over this connection: their tiles show its state.
        onChange: () => this.#showSubscriberState(),
        onFailed: (error) => this.#restartFailed(subscriber, error),
      },
    });
    subscriber.on('track-added', (id: string, track: MediaStreamTrack) => this.#onSfuTrack(id, track, true));
    subscriber.on('track-removed', (id: string, track: MediaStreamTrack) => this.#onSfuTrack(id, track, false));
    this.#subscriber = subscriber;
    this.#layerCap.reset();
    this.#downlinkSampler = setInterval(() => void this.#sampleDownlink(subscriber).catch(() => undefined), DOWNLINK_SAMPLE_MS);
    const publisher: SfuPublisher = new SfuPublisher({
      RTCPeerConnection: webrtc.RTCPeerConnection,
      configuration,
      tracks: this.#host.localTracks(),
      screenTracks: this.#host.screenTracks(),
      publish: (request) => this.#host.publish({ session, ...request }),
      candidate: (candidate) => this.#host.send.candidate({ connection: 'publisher', candidate }),
      restart: async (offer) => {
        const { answer } = await this.#host.restartIce({ connection: 'publisher', offer });
        if (!answer) throw new Error('The server sent no answer to the ICE restart offer.');
        return answer;
      },
      recovery: {
        onChange: () => undefined,
        onFailed: (error) => this.#restartFailed(publisher, error),
      },
      simulcast: typeof (globalThis as { document?: unknown }).document !== 'undefined',
      frameTransforms: this.#host.frameTransforms(),
    });
    this.#publisher = publisher;
    this.#publisher.published.then(
      () => {
        if (publisher === this.#publisher) this.#publishFailures = 0;
      },
      (error: unknown) => {
        // Cut off by a lost signaling connection: the rejoin publishes afresh (see resume), nothing to tell.
        if (isParleyError(error) && REJOIN_REDOES.has(error.code)) return;
        this.#host.onError(error);
        if (publisher === this.#publisher && isParleyError(error) && PUBLISH_RETRIED.has(error.code)) this.#retryPublish();
      },
    );
  }

  /** SFU mode starts over a while after a publish that failed (see PUBLISH_RETRIED), unless something restarts it first. */
  #retryPublish(): void {
    const delay = Math.min(PUBLISH_RETRY_MS * 2 ** this.#publishFailures, PUBLISH_RETRY_MAX_MS);
    this.#publishFailures += 1;
    const publisher = this.#publisher;
    this.#publishRetry = setTimeout(() => {
      this.#publishRetry = null;
      if (publisher === this.#publisher) this.restart();
    }, delay);
  }

  /**
   * An ICE restart of `connection` could not be made. A refusal no retry can cure (the server's
   * session is gone) starts SFU mode over, once (only while `connection` is still the current
   * one); a timeout or a reconnecting signaling connection is left to the next retry or the rejoin.
   */
  #restartFailed(connection: SfuPublisher | SfuSubscriber, error: unknown): void {
    if (connection !== this.#publisher && connection !== this.#subscriber) return;
    if (isParleyError(error) && RESTART_IMPOSSIBLE.has(error.code)) this.restart();
    else if (!isParleyError(error) || !RESTART_LATER.has(error.code)) this.#host.onError(error);
  }

  #showSubscriberState(): void {
    for (const id of this.#switched) {
      const participant = this.#host.participant(id);
      if (participant) this.#host.onConnectionState(participant);
    }
  }

  #onSfuTrack(id: string, track: MediaStreamTrack, added: boolean): void {
    const participant = this.#host.participant(id);
    if (!participant) return;
    if (this.#switched.has(id)) this.#host.onTracks(participant, track, added);
    else if (added) this.#watch(id);
  }

  /** Waits for `id`'s SFU media to decode, then switches their tile to it. */
  #watch(id: string): void {
    if (this.#watching.has(id) || this.#switched.has(id)) return;
    let checking = false;
    const timer = setInterval(() => {
      const subscriber = this.#subscriber;
      const participant = this.#host.participant(id);
      if (!subscriber || !participant) return this.#unwatch(id);
      if (checking) return;
      checking = true;
      const withVideo = participant.media?.video !== false && subscriber.midOf(id, 'camera') !== null;
      subscriber
        .flowing(id, withVideo)
        .then((flowing) => {
          if (flowing && this.#watching.get(id) === timer) this.#switch(participant, subscriber);
        })
        .catch(() => undefined)
        .finally(() => {
          checking = false;
        });
    }, FLOW_CHECK_MS);
    this.#watching.set(id, timer);
  }

  #unwatch(id: string): void {
    const timer = this.#watching.get(id);
    if (timer !== undefined) clearInterval(timer);
    this.#watching.delete(id);
  }

  #switch(participant: RemoteParticipant, subscriber: SfuSubscriber): void {
    const media = subscriber.media(participant.id);
    if (!media) return;
    this.#unwatch(participant.id);
    this.#switched.add(participant.id);
    participant.useSfu(media, subscriber);
    for (const track of [...media.stream.getTracks(), ...media.screen.getTracks()]) this.#host.onTracks(participant, track, true);
    this.#applyQuality(participant.id);
    // Make before break: only now (and after the app had time to show it) may they stop their mesh media to us.
    const overlap = setTimeout(() => {
      this.#overlaps.delete(overlap);
      if (!this.#switched.has(participant.id)) return;
      this.#toldReady.add(participant.id);
      this.#host.send.ready({ to: participant.id });
    }, MESH_OVERLAP_MS);
    this.#overlaps.add(overlap);
  }
}
