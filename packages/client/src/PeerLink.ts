import type { IceCandidate, SessionDescription } from '@parley/protocol';
import { candidateInit, type LocalTrackSet, type OutgoingSignal } from './peerSignals.js';
import { createDataChannels, type DataChannels } from './data/channels.js';
import { hasRelay, relayNeeded, TurnErrorReporter } from './IceDiagnostics.js';
import type { IceRestartPolicy, LinkConnectionState } from './IceRestart.js';
import { ConnectionRecovery } from './peer/ConnectionRecovery.js';
import type { PeerHandler } from './peer/PeerHandler.js';
import type { FrameTransforms, SendStream } from './peer/FrameTransforms.js';
import { closePeerConnection, createPeerConnection } from './peer/peerConnection.js';
import { fromAnotherConnection } from './peer/dtlsFingerprint.js';
import { preferRed, withAudioResilience } from './peer/audioResilience.js';
import { InboundFlowWatch } from './peer/InboundFlowWatch.js';
import { VideoBandwidthGuard } from './peer/VideoBandwidthGuard.js';
import type { PeerLinkEvents } from './PeerLinkEvents.js';
import { SafeEmitter } from './SafeEmitter.js';
import { VideoFastStart } from './media/FastStart.js';
import type { WebRtcImplementation } from './webrtc.js';

export type { LocalTrackSet, OutgoingSignal } from './peerSignals.js';
export { peerLinkEventNames, type PeerLinkEvents } from './PeerLinkEvents.js';

type Kind = 'audio' | 'video';

/** The stream each transceiver sends, for its frame transforms (see FrameTransforms). */
const CAMERA_AND_MIC = { audio: 'microphone', video: 'camera' } as const satisfies Record<Kind, SendStream>;
const SCREEN = { audio: 'screenAudio', video: 'screen' } as const satisfies Record<Kind, SendStream>;

export interface PeerLinkOptions {
  selfId: string;
  remoteId: string;
  webrtc: WebRtcImplementation;
  iceServers?: RTCIceServer[];
  iceTransportPolicy?: RTCIceTransportPolicy;
  /**
   * The newcomer initiates: it creates the audio and video transceivers (camera and mic, then
   * the screen-share slots) and sends the first offer; the member already in the room answers on
   * those same transceivers. That keeps the
   * first connection to one offer/answer round trip (no glare at join).
   */
  initiator: boolean;
  localTracks: LocalTrackSet;
  send: (signal: OutgoingSignal) => void;
  /** When to restart ICE after the path is lost (see IceRestart); defaults suit people. */
  iceRestart?: Partial<IceRestartPolicy>;
  /** What every frame sent and received passes through (end-to-end encryption), when the room has it. */
  frameTransforms?: FrameTransforms;
  /**
   * Whether media that stops arriving on this link means anything now (`media-stopped`); while
   * false its receivers are not watched. Default: always.
   */
  watchMediaFlow?: () => boolean;
}

/**
 * One RTCPeerConnection to one remote participant, negotiated with the "perfect
 * negotiation" pattern of W3C webrtc-pc §10.7: either side may make an offer at any time;
 * on a collision the impolite peer ignores the incoming offer and the polite peer rolls
 * back its own. Politeness comes from id order, so both sides agree without talking.
 *
 * Every step that changes SDP state runs through one queue, so an incoming description,
 * an ICE candidate and a local renegotiation never interleave.
 */
export class PeerLink extends SafeEmitter<PeerLinkEvents> implements PeerHandler {
  readonly remoteId: string;
  /** The polite peer yields on offer collision (§10.7). Decided by id order. */
  readonly polite: boolean;
  /** We joined after the remote participant and made the first offer. */
  readonly initiator: boolean;
  readonly pc: RTCPeerConnection;
  /** The remote participant's camera and microphone. */
  readonly remoteStream: MediaStream;
  /**
   * The remote participant's screen-share slot (video and audio), present from the first
   * negotiation; it carries pictures only while they share (their media state says when).
   */
  readonly remoteScreen: MediaStream;

  readonly #send: (signal: OutgoingSignal) => void;
  readonly #main: Partial<Record<Kind, RTCRtpTransceiver>> = {};
  #localTracks: LocalTrackSet;
  /** Screen-share slots: one audio and one video transceiver beside camera and mic (see setScreenTracks). */
  readonly #screen: Partial<Record<Kind, RTCRtpTransceiver>> = {};
  /** The transceivers the remote camera and mic arrived on (the first track event of each kind). */
  readonly #remoteMain: Partial<Record<Kind, RTCRtpTransceiver>> = {};
  #screenTracks: MediaStreamTrack[] = [];
  #queue: Promise<void> = Promise.resolve();
  #makingOffer = false;
  #ignoreOffer = false;
  #closed = false;
  #dataChannels: DataChannels | null = null;
  readonly #recovery: ConnectionRecovery;
  readonly #flowWatch: InboundFlowWatch;
  readonly #videoGuard: VideoBandwidthGuard;
  readonly #turnErrors = new TurnErrorReporter();
  /** `relay-needed` was reported (once is enough: restarts fail the same way). */
  #relayNeededSaid = false;
  /** The link has been connected at least once: a path existed (see relay-needed below). */
  #wasConnected = false;
  /** The smallest scale of our camera's encoding on this link (see setVideoScaleFloor). */
  #videoScaleFloor = 1;
  readonly #fastStart = new VideoFastStart(() => this.#videoScaleFloor);
  readonly #frameTransforms: FrameTransforms | null;
  /**
   * Settles when the first offer has been handed to `send` (or failed: see the `error` event);
   * at once for the answerer. Room.join waits for it (see there).
   */
  readonly firstOfferSent: Promise<void>;

  constructor(options: PeerLinkOptions) {
    super();
    this.remoteId = options.remoteId;
    this.polite = options.selfId < options.remoteId;
    this.initiator = options.initiator;
    this.#send = options.send;
    this.#frameTransforms = options.frameTransforms ?? null;
    this.#localTracks = { ...options.localTracks };
    this.remoteStream = new options.webrtc.MediaStream();
    this.remoteScreen = new options.webrtc.MediaStream();
    const config: RTCConfiguration = { iceServers: options.iceServers ?? [] };
    if (options.iceTransportPolicy) config.iceTransportPolicy = options.iceTransportPolicy;
    this.pc = createPeerConnection(options.webrtc.RTCPeerConnection, config);

    this.pc.onnegotiationneeded = () => this.#enqueue(() => this.#negotiate());
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate && candidate.candidate) this.#send({ candidate: candidateInit(candidate) });
    };
    this.pc.ontrack = ({ track, transceiver }) => this.#onRemoteTrack(track, transceiver);
    this.#recovery = new ConnectionRecovery(this.pc, () => this.restartIce(), {
      polite: this.polite,
      onRawState: (state) => {
        // Only a link that never connected: one that was up had a path, and losing it later (a
        // network change, a machine too busy to answer checks) is not NATs blocking a direct call.
        if (state === 'failed' && !this.#wasConnected && !this.#relayNeededSaid && !hasRelay(this.pc.getConfiguration().iceServers)) {
          this.#relayNeededSaid = true;
          this.emit('error', relayNeeded());
        }
        if (state !== 'connected') return;
        this.#wasConnected = true;
        this.#turnErrors.reset();
        this.#fastStart.connected();
      },
      onChange: (state) => {
        if (!this.#closed) this.emit('connection-state', state);
      },
      onFailed: (error) => this.emit('error', error),
      onRebuild: () => {
        if (!this.#closed) this.emit('rebuild-needed');
      },
      ...(options.iceRestart ? { policy: options.iceRestart } : {}),
    });
    this.#flowWatch = new InboundFlowWatch(
      () => this.pc.getReceivers(),
      () => {
        if (!this.#closed) this.emit('media-stopped');
      },
      options.watchMediaFlow,
    );
    this.#videoGuard = new VideoBandwidthGuard(
      this.pc,
      () => this.#main.video?.sender,
      (paused) => {
        if (!this.#closed) this.emit('video-paused', paused);
      },
      () => this.#videoScaleFloor,
    );
    this.pc.onicecandidateerror = (event) => {
      const problem = this.#turnErrors.report(event);
      if (problem) this.emit('error', problem);
    };

    if (options.initiator) {
      // Before the first offer, so the SCTP m-section rides it: no extra round trip.
      this.#createDataChannels();
      for (const kind of ['audio', 'video'] as const) {
        const track = this.#localTracks[kind];
        const sendEncodings = kind === 'video' ? VideoFastStart.encodingsFor(track) : undefined;
        const transceiver = this.pc.addTransceiver(track ?? kind, {
          direction: 'sendrecv',
          ...(sendEncodings ? { sendEncodings } : {}),
        });
        this.#main[kind] = transceiver;
        this.#equip(transceiver, CAMERA_AND_MIC[kind]);
        if (kind === 'video') this.#fastStart.started(transceiver.sender, track);
      }
      // The screen-share slots ride the first offer too, so sharing later needs no renegotiation.
      for (const kind of ['audio', 'video'] as const) {
        this.#screen[kind] = this.pc.addTransceiver(kind, { direction: 'sendrecv' });
        this.#equip(this.#screen[kind], SCREEN[kind]);
      }
      // Offer now instead of on `negotiationneeded`: that event is a task queued behind whatever
      // the page does next (a web app renders its call view right after join), and this offer is
      // on the critical path of the call. When the event comes, the offer is already made or
      // answered and #negotiate finds nothing to do (webrtc-pc §4.7.3 re-checks before firing).
      this.firstOfferSent = this.#enqueue(() => this.#negotiate());
    } else {
      this.firstOfferSent = Promise.resolve();
    }
  }

  get connectionState(): LinkConnectionState {
    return this.#recovery.state;
  }

  /** True while our camera's video to this person is paused because the link is too slow for it. */
  get videoPaused(): boolean {
    return this.#videoGuard.paused;
  }

  /**
   * Our camera goes to this person at 1/`scale` of its width and height at most (its encoding's
   * `scaleResolutionDownBy`, webrtc-pc §5.2: no renegotiation): a computer too busy for full-size
   * video, ours or theirs (media/CpuAdaptation). While the start scale (FastStart) or a pause for
   * bandwidth (VideoBandwidthGuard) holds the encoding, they apply it when they let go.
   */
  async setVideoScaleFloor(scale: number): Promise<void> {
    if (scale === this.#videoScaleFloor) return;
    this.#videoScaleFloor = scale;
    await this.#applyVideoScaleFloor();
  }

  async #applyVideoScaleFloor(): Promise<void> {
    const sender = this.#main.video?.sender;
    if (!sender || this.#closed || this.#fastStart.pending || this.#videoGuard.paused) return;
    const parameters = sender.getParameters();
    const encoding = parameters.encodings?.[0];
    if (!encoding || (encoding.scaleResolutionDownBy ?? 1) === this.#videoScaleFloor) return;
    encoding.scaleResolutionDownBy = this.#videoScaleFloor;
    await sender.setParameters(parameters);
  }

  /**
   * Restarts ICE (webrtc-pc §4.4.1.6): new credentials, new candidates and TURN allocations,
   * negotiated by the usual offer/answer. Done automatically when the path is lost; media keeps
   * the old path until a new one is chosen.
   */
  restartIce(): void {
    if (this.#closed) return;
    if (typeof this.pc.restartIce === 'function')
      this.pc.restartIce(); // fires negotiationneeded
    else void this.#enqueue(() => this.#negotiate({ iceRestart: true }));
  }

  /** Restarts ICE now, not after the grace a lost path gets to heal by itself (see NetworkChangeWatch). */
  recoverNow(): void {
    if (!this.#closed) this.#recovery.restart();
  }

  addRemoteCandidate(candidate: IceCandidate | null): Promise<void> {
    return candidate ? this.handleSignal({ candidate }) : Promise.resolve();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The negotiated chat and files channels (null until created: at once for the initiator, on the first offer otherwise). */
  get dataChannels(): DataChannels | null {
    return this.#dataChannels;
  }

  #createDataChannels(): void {
    if (this.#dataChannels || this.#closed) return;
    this.#dataChannels = createDataChannels(this.pc);
    this.emit('data-channels', this.#dataChannels);
  }

  /**
   * True when `description` is an offer from another RTCPeerConnection of the remote person than
   * the one this link talks to (they rebuilt their side, e.g. after taking us as gone while we
   * resumed): this link cannot take it, and is to be replaced by a fresh one.
   */
  isFromAnotherConnection(description: SessionDescription): boolean {
    return description.type === 'offer' && fromAnotherConnection(this.pc.remoteDescription?.sdp, description.sdp);
  }

  /** Handle a description or candidate relayed from the remote participant. */
  handleSignal(signal: OutgoingSignal): Promise<void> {
    return this.#enqueue(async () => {
      if (signal.description) await this.#onDescription(signal.description);
      else if (signal.candidate) await this.#onCandidate(signal.candidate);
    });
  }

  /** Swap the camera/microphone tracks. Uses replaceTrack: no renegotiation (webrtc-pc §5.2). */
  async setLocalTracks(tracks: LocalTrackSet): Promise<void> {
    this.#localTracks = { ...tracks };
    await Promise.all(
      (['audio', 'video'] as const).map(async (kind) => {
        const sender = this.#main[kind]?.sender;
        if (sender && sender.track !== tracks[kind]) await sender.replaceTrack(tracks[kind]);
      }),
    );
  }

  /**
   * Send screen-share tracks beside the camera, or none (an empty list) to stop. They go on the
   * screen-share slots negotiated at join with replaceTrack (webrtc-pc §5.2): no offer, no answer,
   * so two people starting to share at the same moment never collide, and a share starts at once.
   * The other side learns that a share began or ended from the media state (RoomMedia).
   */
  setScreenTracks(tracks: readonly MediaStreamTrack[]): Promise<void> {
    this.#screenTracks = [...tracks];
    return this.#enqueue(() => this.#applyScreenTracks());
  }

  async #applyScreenTracks(): Promise<void> {
    // The member already in the room gets its slots from the newcomer's first offer; that offer's
    // handling calls this again.
    await Promise.all(
      (['audio', 'video'] as const).map(async (kind) => {
        const sender = this.#screen[kind]?.sender;
        const track = this.#screenTracks.find((candidate) => candidate.kind === kind) ?? null;
        if (sender && sender.track !== track) await sender.replaceTrack(track);
      }),
    );
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#recovery.dispose();
    this.#flowWatch.dispose();
    this.#videoGuard.dispose();
    this.#fastStart.dispose();
    closePeerConnection(this.pc);
    for (const track of this.remoteStream.getTracks()) {
      this.remoteStream.removeTrack(track);
      this.emit('track-removed', track);
    }
    for (const track of this.remoteScreen.getTracks()) this.remoteScreen.removeTrack(track);
    this.emit('connection-state', 'closed');
    this.emit('closed');
    this.removeAllListeners();
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(async () => {
      if (this.#closed) return;
      try {
        await step();
      } catch (error) {
        if (!this.#closed) this.emit('error', error);
      }
    });
    this.#queue = run;
    return run;
  }

  async #negotiate(options?: RTCOfferOptions): Promise<void> {
    // negotiationneeded may have been queued behind a remote offer; the browser fires it
    // again when the state returns to stable if it is still needed (webrtc-pc §4.7.3).
    if (this.pc.signalingState !== 'stable') return;
    this.#makingOffer = true;
    try {
      await this.pc.setLocalDescription(withAudioResilience(await this.pc.createOffer(options)));
      this.#sendLocalDescription();
    } finally {
      this.#makingOffer = false;
    }
  }

  async #onDescription(description: SessionDescription): Promise<void> {
    const pc = this.pc;
    const collision = description.type === 'offer' && (this.#makingOffer || pc.signalingState !== 'stable');
    this.#ignoreOffer = !this.polite && collision;
    if (this.#ignoreOffer) return;
    if (collision) {
      // Explicit rollback instead of relying on implicit rollback: libwebrtc in Node lacks it.
      await pc.setLocalDescription({ type: 'rollback' });
    }
    await pc.setRemoteDescription(description);
    if (description.type !== 'offer') return;
    // After the remote offer (not in the constructor), so creating them fires no negotiationneeded.
    this.#createDataChannels();
    const tracks = this.#adoptOfferedTransceivers();
    // The answer does not depend on the tracks (the directions, set above, decide the SDP), and
    // replaceTrack runs on the same operations chain as createAnswer and setLocalDescription
    // (webrtc-pc §4.3.1.2, §5.2): attached first, the answer waited for it (10-20 ms in bench/).
    // So the answer is chained first and the tracks right behind it; they only need to be in
    // place when DTLS is up, well after.
    const answered = pc.setLocalDescription(withAudioResilience(await pc.createAnswer()));
    const attached = this.#attachLocalTracks(tracks);
    try {
      await answered;
    } catch (error) {
      attached.catch(() => undefined); // the answer's failure is the one to report
      throw error;
    }
    this.#sendLocalDescription();
    await attached;
    if (this.#screenTracks.length > 0) await this.#applyScreenTracks();
  }

  /**
   * The answerer sends on the transceivers the offer created (per kind: the first for camera or
   * mic, the second for the screen-share slot) instead of adding its own, which would need a
   * second offer/answer round. Directions are set at once; returns the newly adopted camera and
   * mic transceivers, whose local tracks #attachLocalTracks puts in.
   */
  #adoptOfferedTransceivers(): Partial<Record<Kind, RTCRtpTransceiver>> {
    const adopted: Partial<Record<Kind, RTCRtpTransceiver>> = {};
    for (const kind of ['audio', 'video'] as const) {
      if (this.#main[kind]) continue;
      const [transceiver, slot] = this.#offeredOfKind(kind);
      if (!transceiver) continue;
      this.#main[kind] = transceiver;
      adopted[kind] = transceiver;
      transceiver.direction = 'sendrecv';
      this.#equip(transceiver, CAMERA_AND_MIC[kind]);
      if (slot) {
        this.#screen[kind] = slot;
        slot.direction = 'sendrecv';
        this.#equip(slot, SCREEN[kind]);
      }
    }
    return adopted;
  }

  /** Codec preferences and frame transforms of a transceiver, before it is first negotiated. */
  #equip(transceiver: RTCRtpTransceiver, sends: SendStream): void {
    if (transceiver.receiver.track.kind === 'audio') preferRed(transceiver);
    this.#frameTransforms?.attach(transceiver, sends);
  }

  /** Puts the camera and mic on adopted transceivers (the video one starting at half size: FastStart). */
  #attachLocalTracks(adopted: Partial<Record<Kind, RTCRtpTransceiver>>): Promise<unknown> {
    const attaching: Promise<void>[] = [];
    for (const kind of ['audio', 'video'] as const) {
      const sender = adopted[kind]?.sender;
      const track = this.#localTracks[kind];
      if (!sender || !track) continue;
      attaching.push(
        sender.replaceTrack(track).then(async () => {
          if (kind !== 'video') return;
          await this.#fastStart.apply(sender, track);
          // A floor set before the other side's offer made this sender.
          if (this.#videoScaleFloor > 1) await this.#applyVideoScaleFloor();
        }),
      );
    }
    return Promise.all(attaching);
  }

  async #onCandidate(candidate: IceCandidate): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      // Candidates of an offer we ignored cannot be added; that is expected (§10.7).
      if (!this.#ignoreOffer) throw error;
    }
  }

  #sendLocalDescription(): void {
    const local = this.pc.localDescription;
    if (local && (local.type === 'offer' || local.type === 'answer')) {
      this.#send({ description: { type: local.type, sdp: local.sdp } });
    }
  }

  /** The negotiated transceivers of one kind, in m-line order: camera or mic first, then the screen slot. */
  #offeredOfKind(kind: Kind): RTCRtpTransceiver[] {
    return this.pc.getTransceivers().filter((t) => t.receiver.track.kind === kind && t.mid !== null && t.currentDirection !== 'stopped');
  }

  /**
   * Per kind the first transceiver the remote sends on carries camera or mic, any later one the
   * screen-share slot (track events come in m-line order, webrtc-pc §4.4.1.5). The slot's tracks
   * go to `remoteScreen` without an event: they carry nothing until a share starts.
   */
  #onRemoteTrack(track: MediaStreamTrack, transceiver: RTCRtpTransceiver | undefined): void {
    const kind = track.kind as Kind;
    const main = (this.#remoteMain[kind] ??= transceiver);
    if (transceiver && transceiver !== main) {
      if (!this.remoteScreen.getTrackById(track.id)) this.remoteScreen.addTrack(track);
      return;
    }
    if (this.remoteStream.getTrackById(track.id)) return;
    this.remoteStream.addTrack(track);
    this.emit('track-added', track);
  }
}
