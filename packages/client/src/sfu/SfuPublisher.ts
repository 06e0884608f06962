import type { IceCandidate, SfuAnswer, SfuOffer, SfuPublishRequest, SfuSlot } from '@parley/protocol';
import type { LinkConnectionState } from '../IceRestart.js';
import type { LocalTrackSet } from '../peerSignals.js';
import { IceCandidateQueue } from './IceCandidateQueue.js';
import { RemoteCandidates } from './RemoteCandidates.js';
import { ConnectionRecovery, type ConnectionRecoveryHooks } from '../peer/ConnectionRecovery.js';
import type { PeerHandler } from '../peer/PeerHandler.js';
import type { FrameTransforms, SendStream } from '../peer/FrameTransforms.js';
import { closePeerConnection, createPeerConnection } from '../peer/peerConnection.js';

/**
 * Simulcast (RFC 8853): three encodings of the camera, a quarter, half and full size. Janus
 * forwards to each subscriber the one it asked for (`substream` 0, 1, 2).
 */
export const SIMULCAST_ENCODINGS: RTCRtpEncodingParameters[] = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 1_500_000 },
];

/** The publisher's m-lines, in the order they are added. */
const SLOT_ORDER: readonly SfuSlot[] = ['mic', 'camera', 'screen-audio', 'screen-video'];

export interface SfuPublisherOptions {
  RTCPeerConnection: typeof RTCPeerConnection;
  configuration: RTCConfiguration;
  tracks: LocalTrackSet;
  screenTracks: readonly MediaStreamTrack[];
  /** Sends the offer to the server, which publishes it to Janus; resolves with Janus's answer. */
  publish(request: Omit<SfuPublishRequest, 'session'>): Promise<SfuAnswer>;
  /** A local ICE candidate for Janus (null: no more). */
  candidate: (candidate: IceCandidate | null) => void;
  /** Sends an ICE restart offer to the server, which gives it to Janus on the same handle; resolves with Janus's answer. */
  restart: (offer: SfuOffer['offer']) => Promise<SfuAnswer>;
  recovery: ConnectionRecoveryHooks;
  /** Camera with three simulcast layers (off for libwebrtc builds without it). */
  simulcast: boolean;
  /** What every frame sent passes through (end-to-end encryption), when the room has it. */
  frameTransforms?: FrameTransforms | null;
}

/** The stream each slot sends, for its frame transforms. */
const SLOT_STREAMS = {
  mic: 'microphone',
  camera: 'camera',
  'screen-audio': 'screenAudio',
  'screen-video': 'screen',
} as const satisfies Record<SfuSlot, SendStream>;

/**
 * The publisher connection to the SFU: mic, camera (simulcast), and the screen slots, all
 * `sendonly`, in that fixed order. Like a mesh link, everything is negotiated once: device
 * switches, camera off and screen sharing are replaceTrack (webrtc-pc §5.2), never a new offer.
 */
export class SfuPublisher implements PeerHandler {
  readonly pc: RTCPeerConnection;
  readonly #senders: Record<SfuSlot, RTCRtpSender>;
  readonly #candidates: IceCandidateQueue;
  readonly #remote: RemoteCandidates;
  readonly #recovery: ConnectionRecovery;
  #closed = false;
  #answered = false;

  constructor(options: SfuPublisherOptions) {
    this.pc = createPeerConnection(options.RTCPeerConnection, options.configuration);
    // Janus learns our candidates only after it has the offer (the server publishes first).
    this.#candidates = new IceCandidateQueue(options.candidate);
    this.pc.onicecandidate = ({ candidate }) => this.#candidates.local(candidate);
    this.#remote = new RemoteCandidates(this.pc);
    const screenAudio = options.screenTracks.find((track) => track.kind === 'audio') ?? null;
    const screenVideo = options.screenTracks.find((track) => track.kind === 'video') ?? null;
    const add = (slot: SfuSlot, track: MediaStreamTrack | null, kind: 'audio' | 'video', init: RTCRtpTransceiverInit = {}) => {
      const transceiver = this.pc.addTransceiver(track ?? kind, { direction: 'sendonly', ...init });
      options.frameTransforms?.attach(transceiver, SLOT_STREAMS[slot]);
      return transceiver.sender;
    };
    this.#senders = {
      mic: add('mic', options.tracks.audio, 'audio'),
      camera: add('camera', options.tracks.video, 'video', options.simulcast ? { sendEncodings: SIMULCAST_ENCODINGS } : {}),
      'screen-audio': add('screen-audio', screenAudio, 'audio'),
      'screen-video': add('screen-video', screenVideo, 'video'),
    };
    this.published = this.#publish(options);
    this.#recovery = new ConnectionRecovery(this.pc, () => this.#restartIce(options), { ...options.recovery, polite: false });
  }

  /** Resolves once Janus answered (rejects when it refused). */
  readonly published: Promise<void>;

  async #publish(options: SfuPublisherOptions): Promise<void> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    const offer = this.pc.localDescription!;
    const slots = this.pc.getTransceivers().map((transceiver, index) => ({
      mid: transceiver.mid ?? String(index),
      slot: SLOT_ORDER[index]!,
    }));
    const answer = await options.publish({ offer: { type: 'offer', sdp: offer.sdp }, slots });
    if (this.#closed) return;
    await this.pc.setRemoteDescription(answer);
    this.#answered = true;
    await this.#remote.flush();
    this.#candidates.open();
  }

  /** Janus's answer to the publish is applied: the feed exists on Janus. */
  get answered(): boolean {
    return this.#answered;
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
   * ICE restart (webrtc-pc §4.4.1.6, RFC 8445 §9): an offer with new credentials, answered by
   * Janus on the existing publisher handle, so the feed and everyone's subscription to it stay.
   * Our new candidates wait for the answer (Janus must know the new credentials first).
   */
  async #restartIce(options: SfuPublisherOptions): Promise<void> {
    // A publish Janus refused was reported already; there is no session to restart.
    const published = await this.published.then(
      () => true,
      () => false,
    );
    if (!published || this.#closed || this.pc.signalingState !== 'stable') return;
    this.#candidates.hold();
    try {
      await this.pc.setLocalDescription(await this.pc.createOffer({ iceRestart: true }));
      const answer = await options.restart({ type: 'offer', sdp: this.pc.localDescription!.sdp });
      if (this.#closed) return;
      await this.pc.setRemoteDescription(answer);
      this.#candidates.open();
    } catch (error) {
      this.#candidates.discard();
      await this.#rollback();
      throw error;
    }
  }

  /** Back to the connection as it was before an unanswered offer, so the next try can offer again. */
  async #rollback(): Promise<void> {
    if (this.#closed || this.pc.signalingState !== 'have-local-offer') return;
    await this.pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined);
  }

  /** Janus's candidate for this connection. */
  addRemoteCandidate(candidate: IceCandidate | null): Promise<void> {
    return this.#remote.add(candidate);
  }

  async setLocalTracks(tracks: LocalTrackSet): Promise<void> {
    await Promise.all([this.#put('mic', tracks.audio), this.#put('camera', tracks.video)]);
  }

  async setScreenTracks(tracks: readonly MediaStreamTrack[]): Promise<void> {
    await Promise.all([
      this.#put('screen-audio', tracks.find((track) => track.kind === 'audio') ?? null),
      this.#put('screen-video', tracks.find((track) => track.kind === 'video') ?? null),
    ]);
  }

  async #put(slot: SfuSlot, track: MediaStreamTrack | null): Promise<void> {
    const sender = this.#senders[slot];
    if (!this.#closed && sender.track !== track) await sender.replaceTrack(track);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#recovery.dispose();
    closePeerConnection(this.pc);
  }
}
