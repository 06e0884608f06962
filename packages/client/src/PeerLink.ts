import type { IceCandidate, SessionDescription } from '@parley/protocol';
import { SafeEmitter } from './SafeEmitter.js';
import type { WebRtcImplementation } from './webrtc.js';

/** What a PeerLink sends to its remote twin through signaling. */
export interface OutgoingSignal {
  description?: SessionDescription;
  candidate?: IceCandidate;
}

export interface LocalTrackSet {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
}

export interface PeerLinkOptions {
  selfId: string;
  remoteId: string;
  webrtc: WebRtcImplementation;
  iceServers?: RTCIceServer[];
  iceTransportPolicy?: RTCIceTransportPolicy;
  /**
   * The newcomer initiates: it creates the audio and video transceivers and sends the first
   * offer; the member already in the room answers on those same transceivers. That keeps the
   * first connection to one offer/answer round trip (no glare at join).
   */
  initiator: boolean;
  localTracks: LocalTrackSet;
  send: (signal: OutgoingSignal) => void;
}

export interface PeerLinkEvents {
  [event: string]: (...args: any[]) => void;
  'track-added': (track: MediaStreamTrack) => void;
  'track-removed': (track: MediaStreamTrack) => void;
  'connection-state': (state: RTCPeerConnectionState) => void;
  /** A negotiation step failed; the link keeps running. */
  error: (error: unknown) => void;
  closed: () => void;
}

type Kind = 'audio' | 'video';

/**
 * One RTCPeerConnection to one remote participant, negotiated with the "perfect
 * negotiation" pattern of W3C webrtc-pc §10.7: either side may make an offer at any time;
 * on a collision the impolite peer ignores the incoming offer and the polite peer rolls
 * back its own. Politeness comes from id order, so both sides agree without talking.
 *
 * Every step that changes SDP state runs through one queue, so an incoming description,
 * an ICE candidate and a local renegotiation never interleave.
 */
export class PeerLink extends SafeEmitter<PeerLinkEvents> {
  readonly remoteId: string;
  /** The polite peer yields on offer collision (§10.7). Decided by id order. */
  readonly polite: boolean;
  readonly pc: RTCPeerConnection;
  /** Everything received from the remote participant. */
  readonly remoteStream: MediaStream;

  readonly #send: (signal: OutgoingSignal) => void;
  readonly #main: Partial<Record<Kind, RTCRtpTransceiver>> = {};
  #localTracks: LocalTrackSet;
  #queue: Promise<void> = Promise.resolve();
  #makingOffer = false;
  #ignoreOffer = false;
  #closed = false;

  constructor(options: PeerLinkOptions) {
    super();
    this.remoteId = options.remoteId;
    this.polite = options.selfId < options.remoteId;
    this.#send = options.send;
    this.#localTracks = { ...options.localTracks };
    this.remoteStream = new options.webrtc.MediaStream();
    const config: RTCConfiguration = { iceServers: options.iceServers ?? [] };
    if (options.iceTransportPolicy) config.iceTransportPolicy = options.iceTransportPolicy;
    this.pc = new options.webrtc.RTCPeerConnection(config);

    this.pc.onnegotiationneeded = () => this.#enqueue(() => this.#negotiate());
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate && candidate.candidate) this.#send({ candidate: candidateInit(candidate) });
    };
    this.pc.ontrack = ({ track }) => this.#onRemoteTrack(track);
    this.pc.onconnectionstatechange = () => this.emit('connection-state', this.connectionState);

    if (options.initiator) {
      for (const kind of ['audio', 'video'] as const) {
        const track = this.#localTracks[kind];
        this.#main[kind] = this.pc.addTransceiver(track ?? kind, { direction: 'sendrecv' });
      }
      // Offer now instead of on `negotiationneeded`: that event is a task queued behind whatever
      // the page does next (a web app renders its call view right after join), and this offer is
      // on the critical path of the call. When the event comes, the offer is already made or
      // answered and #negotiate finds nothing to do (webrtc-pc §4.7.3 re-checks before firing).
      void this.#enqueue(() => this.#negotiate());
    }
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState ?? iceToConnectionState(this.pc.iceConnectionState);
  }

  get closed(): boolean {
    return this.#closed;
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

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
    for (const track of this.remoteStream.getTracks()) {
      this.remoteStream.removeTrack(track);
      this.emit('track-removed', track);
    }
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

  async #negotiate(): Promise<void> {
    // negotiationneeded may have been queued behind a remote offer; the browser fires it
    // again when the state returns to stable if it is still needed (webrtc-pc §4.7.3).
    if (this.pc.signalingState !== 'stable') return;
    this.#makingOffer = true;
    try {
      await this.pc.setLocalDescription(await this.pc.createOffer());
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
    const attached = this.#adoptOfferedTransceivers();
    // The answer does not depend on the tracks (the directions, set above, decide the SDP), so
    // it goes out without waiting for replaceTrack: the answer is on the critical path, the
    // tracks only need to be in place when DTLS is up, well after.
    await pc.setLocalDescription(await pc.createAnswer());
    this.#sendLocalDescription();
    await attached;
  }

  /**
   * The answerer sends on the transceivers the offer created (one audio, one video) instead
   * of adding its own, which would need a second offer/answer round. Directions are set at
   * once; the returned promise settles when the local tracks are attached.
   */
  #adoptOfferedTransceivers(): Promise<unknown> {
    const attaching: Promise<void>[] = [];
    for (const kind of ['audio', 'video'] as const) {
      if (this.#main[kind]) continue;
      const transceiver = this.pc
        .getTransceivers()
        .find((t) => t.receiver.track.kind === kind && t.mid !== null && t.currentDirection !== 'stopped');
      if (!transceiver) continue;
      this.#main[kind] = transceiver;
      transceiver.direction = 'sendrecv';
      const track = this.#localTracks[kind];
      if (track) attaching.push(transceiver.sender.replaceTrack(track));
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

  #onRemoteTrack(track: MediaStreamTrack): void {
    if (this.remoteStream.getTrackById(track.id)) return;
    this.remoteStream.addTrack(track);
    this.emit('track-added', track);
  }
}

function candidateInit(candidate: RTCIceCandidate): IceCandidate {
  return {
    candidate: candidate.candidate,
    sdpMid: candidate.sdpMid,
    sdpMLineIndex: candidate.sdpMLineIndex,
    usernameFragment: candidate.usernameFragment,
  };
}

function iceToConnectionState(state: RTCIceConnectionState): RTCPeerConnectionState {
  switch (state) {
    case 'checking':
      return 'connecting';
    case 'completed':
      return 'connected';
    default:
      return state;
  }
}
