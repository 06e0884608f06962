import {
  JoinSnapshotSchema,
  ModerationNoticeSchema,
  ParleyError,
  RoomStatusSchema,
  TokenSchema,
  isParleyError,
  ParticipantInfoSchema,
  ParticipantLeftSchema,
  RoomIdSchema,
  RoomModeEventSchema,
  SignalMessageSchema,
  type JoinRequest,
  type JoinSnapshot,
  type ModerationNotice,
  type ParticipantInfo,
  type RoomMode,
  type SfuReadyRequest,
} from '@parley/protocol';
import { Moderation, notConnected } from './Moderation.js';
import { Recording } from './Recording.js';
import { PeerLink, type LocalTrackSet } from './PeerLink.js';
import { IceServerRefresh, applyIceServers } from './IceServers.js';
import type { Chat } from './data/Chat.js';
import { DataHub, type RoomFileOptions } from './data/DataHub.js';
import type { FileTransfers } from './data/FileTransfers.js';
import { RemoteParticipant } from './RemoteParticipant.js';
import type { RoomEvents } from './RoomEvents.js';
import { SafeEmitter } from './SafeEmitter.js';
import { SignalSequence } from './SignalSequence.js';
import { Signaling, type SignalingState } from './Signaling.js';
import type { LocalTracks } from './media/LocalTracks.js';
import { RoomMedia, type MediaState } from './media/RoomMedia.js';
import type { ScreenShare } from './media/ScreenShare.js';
import { globalWebRtc, type WebRtcImplementation } from './webrtc.js';
import { SfuMode, type ReceiveQuality } from './sfu/SfuMode.js';

/** Refusals of a rejoin that no retry will change: the room ends for us. */
const REJOIN_REFUSALS = new Set<ParleyError['code']>([
  'removed',
  'room-locked',
  'room-full',
  'password-required',
  'wrong-password',
  'token-required',
  'token-invalid',
  'forbidden',
]);

export interface RoomOptions {
  /** Origin of the Parley server, e.g. `location.origin`. */
  serverUrl: string;
  /**
   * Other nodes of the same deployment, tried in turn when `serverUrl` cannot be reached
   * (see `fetchNodeUrls`); the participant keeps its id and calls when it moves.
   */
  serverUrls?: readonly string[];
  roomId: string;
  /** Display name shown to the others. */
  name: string;
  /** Camera and microphone; omit to join receive-only. */
  media?: LocalTracks;
  /** WebRTC classes; defaults to the browser's. In Node pass `@roamhq/wrtc`. */
  webrtc?: WebRtcImplementation;
  /** Milliseconds to wait for the server on join. */
  timeoutMs?: number;
  /** Node only: `false` accepts a self-signed server certificate (the CLI's --insecure). */
  rejectUnauthorized?: boolean;
  /** File transfer settings (storage of incoming files, digest); browsers' defaults need nothing. */
  files?: RoomFileOptions;
  /** The room's password; when this join creates the room, it sets it. */
  password?: string;
  /** An access token from the app embedding Parley (see the README, "Embedding"). */
  token?: string;
  /** The resume token of this tab's previous page (a reload): that old participant is removed at once. */
  replaces?: string;
}

/**
 * After a rejoin that resumed our session, a participant we were connected to but who is
 * not back yet keeps their connection this long (they may be rejoining too, after a server
 * restart); then they are taken as gone.
 */
const RECONCILE_GRACE_MS = 8_000;

/** Pause before trying a failed rejoin again (see #rejoin). */
const REJOIN_RETRY_MS = 2_000;

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
      for (const pc of Object.values(this.#sfu.connections ?? {})) applyIceServers(pc, servers);
    },
  });
  /** The host's controls and the room's host, lock and password state. */
  readonly moderation = new Moderation(
    (request) => this.#signaling?.request('moderate', request) ?? Promise.reject(notConnected()),
    () => this.self?.id ?? null,
  );
  /** Server-side recording: whether the room is recorded now; the host starts, stops and lists. */
  readonly recording = new Recording(
    (request) => this.#signaling?.request('recording', request, 20_000) ?? Promise.reject(notConnected()),
    () => (this.#signaling && this.#resumeToken ? { url: this.#signaling.serverUrl, token: this.#resumeToken, roomId: this.roomId } : null),
  );
  /** Peers kept across a resumed rejoin until they come back (see RECONCILE_GRACE_MS). */
  readonly #awaiting = new Map<string, ReturnType<typeof setTimeout>>();
  #resumeToken: string | null = null;
  /**
   * Membership events that arrive while a rejoin waits for its snapshot are held back and
   * applied after it, so they act on the new session and are not undone by the snapshot.
   */
  #heldEvents: Array<() => void> | null = null;
  /** Drops duplicated relayed signals and reports lost ones (server-stamped `seq`). */
  readonly #sequence = new SignalSequence();
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
    meshScreenTracks: (participant, tracks) => this.#sfu.meshScreenTracks(participant.id, tracks),
    onScreenTracks: (tracks) => this.#sfu.setScreenTracks(tracks),
  });
  /** SFU mode: publisher and subscriber connections, and the make-before-break switch (see SfuMode). */
  readonly #sfu: SfuMode = new SfuMode({
    webrtc: () => this.#webrtc,
    configuration: () => ({ iceServers: this.#ice.current, iceTransportPolicy: this.#snapshot?.iceTransportPolicy ?? 'all' }),
    localTracks: () => this.#localTracks(),
    screenTracks: () => this.#media.screenShare?.tracks ?? [],
    participant: (id) => this.#participants.get(id),
    publish: (request) => this.#signaling?.request('sfu-publish', request) ?? Promise.reject(notConnected()),
    // Not while reconnecting: socket.io would send it after the reconnect, to a server that no
    // longer holds this SFU session (the rejoin starts SFU mode over anyway).
    restartIce: (request) =>
      (this.#inRoom ? this.#signaling?.request('sfu-restart', request, 20_000) : undefined) ?? Promise.reject(notConnected()),
    send: (event, payload) => {
      // socket.io's typed emit cannot narrow a union of event names; SfuEvents pairs them.
      if (this.#inRoom) this.#signaling?.socket.emit(event as 'sfu-ready', payload as SfuReadyRequest);
    },
    onTracks: (participant, track, added) => this.emit(added ? 'track-added' : 'track-removed', { participant, track }),
    onConnectionState: (participant) => this.emit('connection-state', { participant, state: participant.connectionState }),
    restoreMesh: () => this.#onLocalTracksChanged(),
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

  /** False when an access token let us in without the `publish` grant: we receive only. */
  get canPublish(): boolean {
    return this.#snapshot?.grants?.includes('publish') ?? true;
  }

  /** Proof of this session, to resume it or (after a reload) replace it; see the `session` event. */
  get resumeToken(): string | null {
    return this.#resumeToken;
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
      ...(this.#options.serverUrls ? { fallbackUrls: this.#options.serverUrls } : {}),
      connectTimeoutMs: this.#options.timeoutMs ?? 10_000,
      rejectUnauthorized: this.#options.rejectUnauthorized,
    });
    this.#signaling = signaling;
    this.#listen(signaling);
    try {
      await signaling.connect();
      return await this.#enter(signaling, false);
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
    this.#sfu.close();
    this.#inRoom = false;
    const signaling = this.#signaling;
    this.#options.media?.off('tracks-changed', this.#onLocalTracksChanged);
    for (const timer of this.#awaiting.values()) clearTimeout(timer);
    this.#awaiting.clear();
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

  /**
   * Join, or rejoin after a lost connection with our resume token. When the server says the
   * session resumed in place (same id, nobody was told we left), every peer connection is
   * kept: media never stopped. Otherwise they are rebuilt, as for a first join.
   */
  async #enter(signaling: Signaling, rejoin: boolean): Promise<JoinSnapshot> {
    const previousSelf = this.#snapshot?.self.id ?? null;
    // A (re)join is a new numbering: the server that answers it (restarted, or another node)
    // counts every sender's signals to us from 1. A recovered socket never gets here.
    this.#sequence.clear();
    const held: Array<() => void> = [];
    this.#heldEvents = held;
    let snapshot: JoinSnapshot;
    // A room being recorded says so right after the join (before its ack); until then, not recorded.
    if (this.recording.update({ active: false })) this.emit('recording-state', false);
    try {
      snapshot = JoinSnapshotSchema.parse(await signaling.request('join', this.#joinRequest(rejoin)));
    } finally {
      this.#heldEvents = null;
    }
    this.#snapshot = snapshot;
    this.#ice.start(snapshot.iceServers, snapshot.iceServersTtlSeconds);
    this.#inRoom = true;
    this.#media.announce({ force: true });
    this.#options.media?.off('tracks-changed', this.#onLocalTracksChanged);
    this.#options.media?.on('tracks-changed', this.#onLocalTracksChanged);
    // Before the links: in SFU mode a new mesh link carries data channels only. After a lost
    // connection the server no longer holds our SFU session: start it over.
    const mode = snapshot.mode ?? 'mesh';
    if (rejoin && mode === 'sfu' && this.#sfu.mode === 'sfu') this.#sfu.restart();
    else this.#sfu.setMode(mode);
    const keepLinks = rejoin && snapshot.resumed === true && snapshot.self.id === previousSelf;
    if (keepLinks) this.#reconcile(snapshot.participants);
    else for (const participant of [...this.#participants.values()]) this.#drop(participant.id);
    // The newcomer offers to everyone already here (see PeerLinkOptions.initiator).
    for (const info of snapshot.participants) this.#add(info, true);
    if (snapshot.roomStatus) this.#applyStatus(snapshot.roomStatus);
    if (snapshot.resumeToken) this.#setResumeToken(snapshot.resumeToken);
    for (const apply of held) apply();
    // Resolve once the offers are on their way: an app typically renders its call view when
    // join() resolves, and that render would otherwise hold up the offers' last steps
    // (createOffer and setLocalDescription resolve on this thread), which are on the path to
    // the first frame (measured in bench/join.mjs). Never rejects: a failed offer is an `error` event.
    await Promise.all(snapshot.participants.flatMap((info) => this.#participants.get(info.id)?.link.firstOfferSent ?? []));
    return snapshot;
  }

  #joinRequest(rejoin: boolean): JoinRequest {
    const { password, token, replaces } = this.#options;
    return {
      room: this.roomId,
      name: this.#options.name,
      ...(password !== undefined ? { password } : {}),
      ...(token !== undefined ? { token } : {}),
      ...(rejoin && this.#resumeToken ? { resume: this.#resumeToken } : {}),
      ...(!rejoin && replaces !== undefined ? { replaces } : {}),
    };
  }

  /** Peers we hold a link to but the server does not list yet get RECONCILE_GRACE_MS to come back. */
  #reconcile(present: readonly ParticipantInfo[]): void {
    const ids = new Set(present.map((info) => info.id));
    for (const id of this.#participants.keys()) {
      if (ids.has(id) || this.#awaiting.has(id)) continue;
      const timer = setTimeout(() => {
        this.#awaiting.delete(id);
        this.#drop(id);
      }, RECONCILE_GRACE_MS);
      this.#awaiting.set(id, timer);
    }
  }

  #setResumeToken(token: string): void {
    this.#resumeToken = token;
    this.emit('session', token);
  }

  #applyStatus(payload: unknown): void {
    const parsed = RoomStatusSchema.safeParse(payload);
    if (!parsed.success) return;
    this.moderation.update(parsed.data);
    this.emit('room-status', parsed.data);
  }

  #onModeration(notice: ModerationNotice): void {
    const by = this.#participants.get(notice.by) ?? null;
    if (notice.kind === 'mute-requested') {
      const media = this.#options.media;
      if (media?.setMicEnabled) media.setMicEnabled(false);
      else if (media?.audioTrack) media.audioTrack.enabled = false;
      this.emit('mute-requested', { by });
      return;
    }
    this.#end(new ParleyError('removed', 'The host removed you from this meeting.', { details: { by: by?.name ?? '' } }));
  }

  /** Out for good: tell the app, then leave (closes every link and the connection). */
  #end(reason: ParleyError): void {
    if (this.#left) return;
    this.emit('ended', reason);
    void this.leave();
  }

  #listen(signaling: Signaling): void {
    const socket = signaling.socket;
    socket.on('participant-joined', (payload) => {
      if (this.#hold(() => this.#onJoined(payload))) return;
      this.#onJoined(payload);
    });
    socket.on('participant-left', (payload) => {
      if (this.#hold(() => this.#onLeft(payload))) return;
      this.#onLeft(payload);
    });
    socket.on('room-status', (payload) => this.#applyStatus(payload));
    socket.on('session', (payload) => {
      const parsed = TokenSchema.safeParse(payload?.resumeToken);
      if (parsed.success) this.#setResumeToken(parsed.data);
    });
    socket.on('moderation', (payload) => {
      const parsed = ModerationNoticeSchema.safeParse(payload);
      if (parsed.success) this.#onModeration(parsed.data);
    });
    socket.on('signal', (payload) => {
      const parsed = SignalMessageSchema.safeParse(payload);
      if (!parsed.success) return; // the server validated it; a bad one here is not ours to act on
      const { from, seq, ...signal } = parsed.data;
      if (!this.#acceptSequence(from, seq)) return;
      void this.#participants.get(from)?.link.handleSignal(signal);
    });
    socket.on('media-state', (payload) => this.#media.receive(payload));
    socket.on('room-mode', (payload) => {
      const parsed = RoomModeEventSchema.safeParse(payload);
      if (!parsed.success) return;
      this.#sfu.setMode(parsed.data.mode);
      this.emit('room-mode', parsed.data.mode);
    });
    socket.on('recording-state', (payload) => {
      if (this.recording.update(payload)) this.emit('recording-state', this.recording.active);
    });
    socket.on('sfu-offer', (payload, ack) => {
      this.#sfu.onOffer(payload).then(
        (answer) => answer && ack(answer),
        (error: unknown) => this.emit('error', error),
      );
    });
    socket.on('sfu-candidate', (payload) => this.#sfu.onCandidate(payload));
    socket.on('sfu-ready', (payload) => this.#sfu.onReady(payload));
    socket.on('rejected', (event) => {
      this.emit('error', ParleyError.fromPayload(event.error));
    });
    signaling.on('state', (state) => {
      // While disconnected the server has forgotten us; signals queued now would reach it
      // before the rejoin and be refused, so stop sending until the next join ack.
      if (state !== 'connected') this.#inRoom = false;
      if (!this.#left) this.emit('signaling-state', state);
    });
    // Recovered (a short blip): the server kept our session and replayed what we missed.
    // Otherwise rejoin with the resume token; the peers we are connected to keep their links
    // when the server resumes us in place (see #enter).
    signaling.on('reconnected', (recovered) => {
      if (this.#left) return;
      if (recovered) {
        this.#inRoom = true;
        // The server's SFU session is bound to the connection that was lost.
        this.#sfu.restart();
        return;
      }
      this.#rejoin(signaling);
    });
  }

  #rejoin(signaling: Signaling): void {
    this.#enter(signaling, true).catch((error: unknown) => {
      if (isParleyError(error) && REJOIN_REFUSALS.has(error.code)) {
        this.#end(error);
        return;
      }
      this.emit('error', error);
      // Not a refusal (a timeout, a server busy starting): try again while connected and still out.
      setTimeout(() => {
        if (!this.#left && !this.#inRoom && signaling.state === 'connected') this.#rejoin(signaling);
      }, REJOIN_RETRY_MS);
    });
  }

  #hold(apply: () => void): boolean {
    if (!this.#heldEvents) return false;
    this.#heldEvents.push(apply);
    return true;
  }

  #onJoined(payload: unknown): void {
    const parsed = ParticipantInfoSchema.safeParse(payload);
    if (!parsed.success || parsed.data.id === this.self?.id) return;
    // Someone we kept across a resume is back: their link never stopped.
    const awaited = this.#awaiting.get(parsed.data.id);
    if (awaited) clearTimeout(awaited);
    this.#awaiting.delete(parsed.data.id);
    this.#add(parsed.data, false);
  }

  #onLeft(payload: unknown): void {
    const parsed = ParticipantLeftSchema.safeParse(payload);
    if (parsed.success) this.#drop(parsed.data.id);
  }

  /** False for a duplicate (dropped); a gap is reported as `signal-gap` and the signal still used. */
  #acceptSequence(from: string, seq: number): boolean {
    const verdict = this.#sequence.check(from, seq);
    if (verdict.kind === 'gap') this.emit('signal-gap', { from, expected: verdict.expected, received: verdict.received });
    return verdict.kind !== 'duplicate';
  }

  #add(info: ParticipantInfo, initiator: boolean): void {
    if (this.#participants.has(info.id) || !this.#snapshot || !this.#webrtc) return;
    this.#sfu.adopt(info.id);
    const link = new PeerLink({
      selfId: this.#snapshot.self.id,
      remoteId: info.id,
      webrtc: this.#webrtc,
      iceServers: this.#ice.current,
      iceTransportPolicy: this.#snapshot.iceTransportPolicy ?? 'all',
      initiator,
      localTracks: this.#sfu.meshTracks(info.id, this.#localTracks()),
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
    const awaited = this.#awaiting.get(id);
    if (awaited) clearTimeout(awaited);
    this.#awaiting.delete(id);
    const participant = this.#participants.get(id);
    if (!participant) return;
    this.#participants.delete(id);
    this.#sequence.forget(id);
    this.#sfu.forget(id);
    participant.link.close();
    this.emit('participant-left', participant);
  }

  #localTracks(): LocalTrackSet {
    // An access token without `publish` (watch only): nothing is sent, whatever the devices.
    if (!this.canPublish) return { audio: null, video: null };
    const media = this.#options.media;
    return { audio: media?.audioTrack ?? null, video: media?.videoTrack ?? null };
  }

  readonly #onLocalTracksChanged = (): void => {
    const tracks = this.#localTracks();
    for (const participant of this.#participants.values()) {
      participant.link.setLocalTracks(this.#sfu.meshTracks(participant.id, tracks)).catch((error: unknown) => this.emit('error', error));
    }
    this.#sfu.setLocalTracks(tracks);
    this.#media.announce();
  };

  // ---- SFU mode (SfuMode) ----

  /** Where the room's media goes: `mesh` (peer to peer) or `sfu` (through Janus, past the mesh threshold). */
  get mode(): RoomMode {
    return this.#sfu.mode;
  }

  /** SFU mode: the highest simulcast layer this downlink carries now (lowered on sustained loss; sfu/ReceiveLayerCap.ts). */
  get sfuReceiveCap(): ReceiveQuality {
    return this.#sfu.receiveCap;
  }

  /** The SFU publisher and subscriber connections while in SFU mode (for stats), else null. */
  get sfuConnections(): { publisher: RTCPeerConnection; subscriber: RTCPeerConnection } | null {
    return this.#sfu.connections;
  }

  /**
   * SFU mode: which simulcast layer of `participantId`'s camera to receive, e.g. `high` for the
   * active speaker or a large tile, `low` for a small one. Does nothing in mesh mode.
   */
  setReceiveQuality(participantId: string, quality: ReceiveQuality): void {
    this.#sfu.setReceiveQuality(participantId, quality);
  }

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
