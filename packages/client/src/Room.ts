import {
  JoinSnapshotSchema,
  ParleyError,
  ParticipantInfoSchema,
  ParticipantLeftSchema,
  RoomIdSchema,
  SignalMessageSchema,
  type JoinSnapshot,
  type ParticipantInfo,
} from '@parley/protocol';
import { PeerLink, type LocalTrackSet } from './PeerLink.js';
import { IceServerRefresh, applyIceServers } from './IceServers.js';
import type { Chat } from './data/Chat.js';
import { DataHub, type RoomFileOptions } from './data/DataHub.js';
import type { FileTransfers } from './data/FileTransfers.js';
import { RemoteParticipant } from './RemoteParticipant.js';
import type { RoomEvents } from './RoomEvents.js';
import { SafeEmitter } from './SafeEmitter.js';
import { Signaling, type SignalingState } from './Signaling.js';
import type { LocalTracks } from './media/LocalTracks.js';
import { RoomMedia, type MediaState } from './media/RoomMedia.js';
import type { ScreenShare } from './media/ScreenShare.js';
import { globalWebRtc, type WebRtcImplementation } from './webrtc.js';

export interface RoomOptions {
  /** Origin of the Parley server, e.g. `location.origin`. */
  serverUrl: string;
  roomId: string;
  /** Display name shown to the others. */
  name: string;
  /** Camera and microphone; omit to join receive-only. */
  media?: LocalTracks;
  /** WebRTC classes; defaults to the browser's. In Node pass `@roamhq/wrtc`. */
  webrtc?: WebRtcImplementation;
  /** Milliseconds to wait for the server on join. */
  timeoutMs?: number;
  /** File transfer settings (storage of incoming files, digest); browsers' defaults need nothing. */
  files?: RoomFileOptions;
}

/**
 * A meeting room: the entry point of the SDK. Joining connects to the signaling server,
 * then one PeerLink (an RTCPeerConnection) per other participant carries the media.
 *
 * @example
 * const media = new LocalMedia();
 * await media.start();
 * const room = new Room({ serverUrl: location.origin, roomId: 'standup', name: 'Ada', media });
 * room.on('track-added', ({ participant }) => attach(participant.id, participant.stream));
 * await room.join();
 */
export class Room extends SafeEmitter<RoomEvents> {
  readonly roomId: string;
  readonly #options: RoomOptions;
  readonly #participants = new Map<string, RemoteParticipant>();
  /** Chat with everyone in the room, over data channels. */
  readonly chat: Chat;
  /** Files to and from participants, over data channels. */
  readonly files: FileTransfers;
  readonly #data: DataHub;
  /** Fresh TURN credentials before the current ones expire (see IceServerRefresh). */
  readonly #ice = new IceServerRefresh({
    request: () => this.#signaling?.request('refresh-ice-servers', {}) ?? Promise.reject(new Error('not connected')),
    apply: (servers) => {
      for (const participant of this.#participants.values()) applyIceServers(participant.link.pc, servers);
    },
  });
  #signaling: Signaling | null = null;
  #webrtc: WebRtcImplementation | null = null;
  #snapshot: JoinSnapshot | null = null;
  /** True between a join ack and the next signaling drop: only then may signals be sent. */
  #inRoom = false;
  #left = false;
  /** Mic / camera / screen state both ways, and your screen share (see RoomMedia). */
  readonly #media: RoomMedia = new RoomMedia({
    localTracks: () => this.#localTracks(),
    participants: () => this.#participants.values(),
    participant: (id) => this.#participants.get(id),
    send: (request) => {
      if (!this.#inRoom || !this.#signaling) return false;
      this.#signaling.socket.emit('media-state', request);
      return true;
    },
    left: () => this.#left,
    onRemoteState: (participant, state) => this.emit('media-state', { participant, state }),
    onLocalScreenShare: (share) => this.emit('local-screen-share', share),
    onError: (error) => this.emit('error', error),
  });

  constructor(options: RoomOptions) {
    super();
    this.roomId = options.roomId;
    this.#options = options;
    this.#data = new DataHub(this, options.files);
    this.chat = this.#data.chat;
    this.files = this.#data.files;
  }

  /** You, once joined. */
  get self(): ParticipantInfo | null {
    return this.#snapshot?.self ?? null;
  }

  get participants(): ReadonlyMap<string, RemoteParticipant> {
    return this.#participants;
  }

  /** The connection to the signaling server; media keeps flowing while it reconnects. */
  get signalingState(): SignalingState {
    return this.#signaling?.state ?? 'disconnected';
  }

  get maxParticipants(): number | null {
    return this.#snapshot?.maxParticipants ?? null;
  }

  /** Join the room. Rejects with a ParleyError (`room-full`, `signaling-unavailable`, …). */
  async join(): Promise<JoinSnapshot> {
    if (this.#signaling) throw new ParleyError('already-joined', 'This Room object has already joined.');
    if (!RoomIdSchema.safeParse(this.roomId).success) {
      throw new ParleyError('invalid-room-id', `"${this.roomId}" is not a valid room id: use 1-64 of A-Z a-z 0-9 _ -.`);
    }
    this.#webrtc = this.#options.webrtc ?? globalWebRtc();
    const signaling = new Signaling({
      serverUrl: this.#options.serverUrl,
      connectTimeoutMs: this.#options.timeoutMs ?? 10_000,
    });
    this.#signaling = signaling;
    this.#listen(signaling);
    try {
      await signaling.connect();
      return await this.#enter(signaling);
    } catch (error) {
      signaling.close();
      this.#signaling = null;
      throw error;
    }
  }

  /** Leave: tells the others at once, then closes every peer link and the connection. */
  async leave(): Promise<void> {
    if (this.#left) return;
    this.#left = true;
    this.#data.close();
    this.#ice.stop();
    this.#media.stopScreenShare();
    this.#inRoom = false;
    const signaling = this.#signaling;
    this.#options.media?.off('tracks-changed', this.#onLocalTracksChanged);
    for (const participant of [...this.#participants.values()]) this.#drop(participant.id);
    if (signaling) {
      try {
        if (signaling.state === 'connected') await signaling.request('leave', {}, 2_000);
      } catch {
        // Closing the socket below removes us from the room on the server anyway.
      }
      signaling.close();
    }
    this.#signaling = null;
  }

  async #enter(signaling: Signaling): Promise<JoinSnapshot> {
    const raw = await signaling.request('join', { room: this.roomId, name: this.#options.name });
    const snapshot = JoinSnapshotSchema.parse(raw);
    this.#snapshot = snapshot;
    this.#ice.start(snapshot.iceServers, snapshot.iceServersTtlSeconds);
    this.#inRoom = true;
    this.#media.announce({ force: true });
    this.#options.media?.off('tracks-changed', this.#onLocalTracksChanged);
    this.#options.media?.on('tracks-changed', this.#onLocalTracksChanged);
    // The newcomer offers to everyone already here (see PeerLinkOptions.initiator).
    for (const info of snapshot.participants) this.#add(info, true);
    return snapshot;
  }

  #listen(signaling: Signaling): void {
    const socket = signaling.socket;
    socket.on('participant-joined', (payload) => {
      const parsed = ParticipantInfoSchema.safeParse(payload);
      if (parsed.success && parsed.data.id !== this.self?.id) this.#add(parsed.data, false);
    });
    socket.on('participant-left', (payload) => {
      const parsed = ParticipantLeftSchema.safeParse(payload);
      if (parsed.success) this.#drop(parsed.data.id);
    });
    socket.on('signal', (payload) => {
      const parsed = SignalMessageSchema.safeParse(payload);
      if (!parsed.success) return; // the server validated it; a bad one here is not ours to act on
      const { from, ...signal } = parsed.data;
      void this.#participants.get(from)?.link.handleSignal(signal);
    });
    socket.on('media-state', (payload) => this.#media.receive(payload));
    socket.on('rejected', (event) => {
      this.emit('error', ParleyError.fromPayload(event.error));
    });
    signaling.on('state', (state) => {
      // While disconnected the server has forgotten us; signals queued now would reach it
      // before the rejoin and be refused, so stop sending until the next join ack.
      if (state !== 'connected') this.#inRoom = false;
      if (!this.#left) this.emit('signaling-state', state);
    });
    // The server forgot us when the connection dropped: rejoin as a new participant and
    // reconnect to whoever is there now. (Seamless session resumption comes with recovery.)
    signaling.on('reconnected', () => {
      if (this.#left) return;
      for (const participant of [...this.#participants.values()]) this.#drop(participant.id);
      this.#enter(signaling).catch((error: unknown) => this.emit('error', error));
    });
  }

  #add(info: ParticipantInfo, initiator: boolean): void {
    if (this.#participants.has(info.id) || !this.#snapshot || !this.#webrtc) return;
    const link = new PeerLink({
      selfId: this.#snapshot.self.id,
      remoteId: info.id,
      webrtc: this.#webrtc,
      iceServers: this.#ice.current,
      iceTransportPolicy: this.#snapshot.iceTransportPolicy ?? 'all',
      initiator,
      localTracks: this.#localTracks(),
      send: (signal) => {
        if (this.#inRoom) this.#signaling?.socket.emit('signal', { to: info.id, ...signal });
      },
    });
    const participant = new RemoteParticipant(info.id, info.name, link);
    this.#participants.set(info.id, participant);
    link.on('track-added', (track) => this.emit('track-added', { participant, track }));
    link.on('track-removed', (track) => this.emit('track-removed', { participant, track }));
    link.on('connection-state', (state) => this.emit('connection-state', { participant, state }));
    link.on('error', (error) => this.emit('error', error));
    this.#media.adopt(participant, { newcomer: !initiator });
    this.emit('participant-joined', participant);
  }

  #drop(id: string): void {
    const participant = this.#participants.get(id);
    if (!participant) return;
    this.#participants.delete(id);
    participant.link.close();
    this.emit('participant-left', participant);
  }

  #localTracks(): LocalTrackSet {
    const media = this.#options.media;
    return { audio: media?.audioTrack ?? null, video: media?.videoTrack ?? null };
  }

  readonly #onLocalTracksChanged = (): void => {
    const tracks = this.#localTracks();
    for (const participant of this.#participants.values()) {
      participant.link.setLocalTracks(tracks).catch((error: unknown) => this.emit('error', error));
    }
    this.#media.announce();
  };

  // ---- media state and screen share (RoomMedia) ----

  /** What you send: mic on and unmuted, camera on, sharing. Others show it on your tile. */
  get mediaState(): MediaState {
    return this.#media.state;
  }

  /** Your screen share while it lasts. */
  get screenShare(): ScreenShare | null {
    return this.#media.screenShare;
  }

  /**
   * Share a screen, window or tab with everyone, as an extra video (and audio, when the browser
   * offers it) beside your camera. Resolves with null when the person closed the browser's picker.
   * The browser's own "Stop sharing" ends it for everyone, like `stopScreenShare()`.
   */
  startScreenShare(mediaDevices?: MediaDevices): Promise<ScreenShare | null> {
    return this.#media.startScreenShare(mediaDevices);
  }

  stopScreenShare(): void {
    this.#media.stopScreenShare();
  }
}
