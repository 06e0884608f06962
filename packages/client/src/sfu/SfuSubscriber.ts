import type { IceCandidate, SfuAnswer, SfuOffer, SfuSlot, SfuStream } from '@parley/protocol';
import { eventNames, SafeEmitter } from '../SafeEmitter.js';
import { IceCandidateQueue } from './IceCandidateQueue.js';
import { RemoteCandidates } from './RemoteCandidates.js';
import { ConnectionRecovery, type ConnectionRecoveryHooks } from '../peer/ConnectionRecovery.js';
import type { PeerHandler } from '../peer/PeerHandler.js';
import type { FrameTransforms } from '../peer/FrameTransforms.js';
import { closePeerConnection, createPeerConnection } from '../peer/peerConnection.js';
import type { LinkConnectionState } from '../IceRestart.js';

/** One remote participant's media as received through the SFU. */
export interface SfuRemoteMedia {
  /** Camera and microphone. */
  stream: MediaStream;
  /** Screen-share video and audio. */
  screen: MediaStream;
}

export interface SfuSubscriberEvents {
  /** A track of `participant` now arrives through the SFU (in `media(participant)`). */
  'track-added': (participant: string, track: MediaStreamTrack) => void;
  'track-removed': (participant: string, track: MediaStreamTrack) => void;
}

/** Every event name of SfuSubscriberEvents, checked against it both ways. */
export const sfuSubscriberEventNames = eventNames<SfuSubscriberEvents>()(['track-added', 'track-removed']);

/**
 * The ONE subscriber connection to the SFU: everyone else's media on one RTCPeerConnection
 * (Janus 1.x VideoRoom multistream). Janus offers (via the Parley server) whenever someone
 * starts or stops publishing; every offer comes with a map of its m-lines (mid → participant
 * and slot), so tracks land in the right person's streams.
 */
export class SfuSubscriber extends SafeEmitter<SfuSubscriberEvents> implements PeerHandler {
  readonly pc: RTCPeerConnection;
  readonly #MediaStream: typeof MediaStream;
  readonly #candidates: IceCandidateQueue;
  /** What each mid carries, from the latest offer. */
  #mids = new Map<string, SfuStream>();
  /** Where each receiving track was put: participant and slot. */
  readonly #placed = new Map<MediaStreamTrack, SfuStream>();
  readonly #media = new Map<string, SfuRemoteMedia>();
  readonly #remote: RemoteCandidates;
  readonly #recovery: ConnectionRecovery;
  /** An ICE restart is on its way: our candidates wait until Janus has our answer. */
  #restarting = false;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  readonly #frameTransforms: FrameTransforms | null;

  constructor(options: {
    RTCPeerConnection: typeof RTCPeerConnection;
    MediaStream: typeof MediaStream;
    configuration: RTCConfiguration;
    candidate: (candidate: IceCandidate | null) => void;
    /** Asks the server for an ICE restart offer from Janus; resolves once our answer reached Janus. */
    restart: () => Promise<void>;
    recovery: ConnectionRecoveryHooks;
    /** What every frame received passes through (end-to-end decryption), when the room has it. */
    frameTransforms?: FrameTransforms | null;
  }) {
    super();
    this.#frameTransforms = options.frameTransforms ?? null;
    this.#MediaStream = options.MediaStream;
    this.pc = createPeerConnection(options.RTCPeerConnection, options.configuration);
    this.#candidates = new IceCandidateQueue(options.candidate);
    this.pc.onicecandidate = ({ candidate }) => this.#candidates.local(candidate);
    this.#remote = new RemoteCandidates(this.pc);
    this.#recovery = new ConnectionRecovery(this.pc, () => this.#restartIce(options.restart), { ...options.recovery, polite: false });
  }

  /** `reconnecting` while a lost path is being restored. */
  get connectionState(): LinkConnectionState {
    return this.#recovery.state;
  }

  /** An ICE restart now, through the server and Janus (see #restartIce); one at a time. */
  restartIce(): void {
    if (!this.#closed) this.#recovery.restart();
  }

  /**
   * ICE restart: Janus makes the offers on this connection, so the server asks it for one with
   * new credentials (VideoRoom `configure` with `restart: true`); it arrives as an ordinary offer
   * and is answered by `answer()`. Our candidates of the new credentials wait until then.
   */
  async #restartIce(restart: () => Promise<void>): Promise<void> {
    if (this.#closed) return;
    this.#restarting = true;
    this.#candidates.hold();
    try {
      await restart();
    } finally {
      this.#restarting = false;
      if (!this.#closed) this.#candidates.open();
    }
  }

  /** Their media through the SFU so far, or undefined if nothing of theirs arrived yet. */
  media(participant: string): SfuRemoteMedia | undefined {
    return this.#media.get(participant);
  }

  /** The mid of one slot of a participant, for layer requests and stats. */
  midOf(participant: string, slot: SfuSlot): string | null {
    for (const stream of this.#mids.values()) if (stream.participant === participant && stream.slot === slot) return stream.mid;
    return null;
  }

  /** Applies an offer from the SFU and returns the answer (one at a time, in order). */
  answer(offer: SfuOffer): Promise<SfuAnswer> {
    const run = this.#queue.then(() => this.#answer(offer));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #answer({ offer, streams }: SfuOffer): Promise<SfuAnswer> {
    this.#mids = new Map(streams.map((stream) => [stream.mid, stream]));
    await this.pc.setRemoteDescription(offer);
    // New m-lines' receivers, before the answer lets a frame through them.
    for (const transceiver of this.pc.getTransceivers()) this.#frameTransforms?.attach(transceiver, null);
    this.#place();
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    // Janus's early candidates after the answer: ICE checks start with our answer anyway, and each
    // addIceCandidate queued before createAnswer would delay it (webrtc-pc §4.4.1.2, one operations chain).
    void this.#remote.flush();
    if (!this.#restarting) this.#candidates.open();
    return { type: 'answer', sdp: this.pc.localDescription!.sdp };
  }

  /** Janus's candidate; held until the first offer is applied. */
  addRemoteCandidate(candidate: IceCandidate | null): Promise<void> {
    return this.#remote.add(candidate);
  }

  /**
   * True once `participant`'s camera (or, without one, microphone) decodes through the SFU: the
   * moment the make-before-break switch may happen (inbound-rtp, W3C webrtc-stats §6.3).
   */
  async flowing(participant: string, withVideo: boolean): Promise<boolean> {
    const mid = this.midOf(participant, withVideo ? 'camera' : 'mic');
    if (mid === null) return false;
    const track = this.pc.getTransceivers().find((transceiver) => transceiver.mid === mid)?.receiver.track;
    const stats = await this.pc.getStats(track);
    let flowing = false;
    stats.forEach((stat: Record<string, unknown>) => {
      if (stat.type !== 'inbound-rtp') return;
      if (withVideo ? Number(stat.framesDecoded ?? 0) > 0 : Number(stat.packetsReceived ?? 0) > 0) flowing = true;
    });
    return flowing;
  }

  /** Puts every receiving track in its participant's streams; takes out those whose m-line went away. */
  #place(): void {
    const receiving = new Set<MediaStreamTrack>();
    for (const transceiver of this.pc.getTransceivers()) {
      const target = transceiver.mid === null ? undefined : this.#mids.get(transceiver.mid);
      const track = transceiver.receiver.track;
      if (!target) continue;
      receiving.add(track);
      const placed = this.#placed.get(track);
      if (placed && placed.participant === target.participant && placed.slot === target.slot) continue;
      if (placed) this.#unplace(track, placed);
      this.#placed.set(track, target);
      const media = this.#mediaOf(target.participant);
      (target.slot.startsWith('screen') ? media.screen : media.stream).addTrack(track);
      this.emit('track-added', target.participant, track);
    }
    for (const [track, placed] of [...this.#placed]) if (!receiving.has(track)) this.#unplace(track, placed);
  }

  #unplace(track: MediaStreamTrack, placed: SfuStream): void {
    this.#placed.delete(track);
    const media = this.#media.get(placed.participant);
    if (!media) return;
    media.stream.removeTrack(track);
    media.screen.removeTrack(track);
    this.emit('track-removed', placed.participant, track);
  }

  /**
   * They left the room. Until then their streams stay the same objects even when their tracks
   * change (they published again after a reconnect), so a tile showing them keeps working.
   */
  forget(participant: string): void {
    this.#media.delete(participant);
  }

  #mediaOf(participant: string): SfuRemoteMedia {
    let media = this.#media.get(participant);
    if (!media) {
      media = { stream: new this.#MediaStream(), screen: new this.#MediaStream() };
      this.#media.set(participant, media);
    }
    return media;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#recovery.dispose();
    closePeerConnection(this.pc);
    this.removeAllListeners();
  }
}
