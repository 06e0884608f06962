import {
  ParleyError,
  RoomIdSchema,
  type JoinSnapshot,
  type ModerationNotice,
  type ParticipantInfo,
  type Reaction,
  type RoomMode,
  type RoomStatus,
} from '@parley/protocol';
import { Moderation } from './Moderation.js';
import { RaisedHands } from './RaisedHands.js';
import { WaitingRoom } from './WaitingRoom.js';
import { BreakoutRooms } from './BreakoutRooms.js';
import { Recording } from './Recording.js';
import { PeerLink, type LocalTrackSet } from './PeerLink.js';
import { IceServerRefresh, applyIceServers } from './IceServers.js';
import { RelayProblem } from './IceDiagnostics.js';
import type { Chat } from './data/Chat.js';
import { DataHub } from './data/DataHub.js';
import type { FileTransfers } from './data/transfers/FileTransfers.js';
import { ParticipantRegistry } from './ParticipantRegistry.js';
import type { RemoteParticipant } from './RemoteParticipant.js';
import type { RoomEvents } from './RoomEvents.js';
import { SafeEmitter } from './SafeEmitter.js';
import type { SignalingState } from './Signaling.js';
import { RoomSession } from './session/RoomSession.js';
import type { ServerEventHandlers } from './session/serverEvents.js';
import { RoomMedia, type MediaState } from './media/RoomMedia.js';
import { CpuAdaptation } from './media/CpuAdaptation.js';
import { boundedScale } from './media/cpuLoadPolicy.js';
import type { ScreenShare } from './media/ScreenShare.js';
import { globalWebRtc, type WebRtcImplementation } from './webrtc.js';
import { SfuMode, type ReceiveQuality } from './sfu/SfuMode.js';
import type { RoomOptions } from './RoomOptions.js';
import { RoomEncryption } from './e2ee/RoomEncryption.js';
import type { FrameWorkerCounts } from './e2ee/frameWorkerProtocol.js';
import type { E2eeState } from './RoomEvents.js';
import { NetworkChangeWatch } from './session/NetworkChangeWatch.js';

export type { RoomOptions } from './RoomOptions.js';

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
  /** Everyone else in the room, with their peer links (see ParticipantRegistry). */
  readonly #participants = new ParticipantRegistry({
    link: (info, initiator) => this.#link(info, initiator),
    added: (participant, initiator) => this.#added(participant, initiator),
    removed: (participant) => {
      this.#sfu.forget(participant.id);
      participant.link.close();
      this.hands.drop(participant.id);
      this.emit('participant-left', participant);
      this.#settleRelayProblem();
    },
    gap: (event) => this.emit('signal-gap', event),
  });
  /** The TURN failure to show until every link connects (see RelayProblem). */
  readonly #relay = new RelayProblem();
  /** Chat with everyone in the room, over data channels. */
  readonly chat: Chat;
  /** Files to and from participants, over data channels. */
  readonly files: FileTransfers;
  readonly #data: DataHub;
  /** Our own network changing mid-call: every link restarts ICE as soon as signaling is back. */
  readonly #networkChange = new NetworkChangeWatch({
    checkAlive: () => this.#session.signaling?.checkAlive() ?? Promise.resolve(false),
    restartAll: () => {
      for (const participant of this.#participants.values()) participant.link.recoverNow();
    },
  });
  /** Fresh TURN credentials before the current ones expire (see IceServerRefresh). */
  readonly #ice = new IceServerRefresh({
    request: () => this.#session.request('refresh-ice-servers', {}),
    apply: (servers) => {
      for (const participant of this.#participants.values()) applyIceServers(participant.link.pc, servers);
      for (const handler of this.#sfu.handlers) applyIceServers(handler.pc, servers);
    },
  });
  /** The host's controls and the room's host, lock and password state. */
  readonly moderation = new Moderation(
    (request) => this.#session.request('moderate', request),
    () => this.self?.id ?? null,
  );
  /** Raised hands: the room's queue, and your own hand. */
  readonly hands = new RaisedHands(
    (raised) => this.#session.request('hand', { raised }),
    () => this.self?.id ?? null,
    (queue) => this.emit('raised-hands', queue),
  );
  /** The waiting room: who knocks, and the host's answers (whether it is on: `moderation.status.waitingRoom`). */
  readonly waitingRoom = new WaitingRoom(
    (request) => this.#session.request('moderate', request),
    (queue) => this.emit('waiting-room', queue),
  );
  /** The main room's breakout rooms: which are open, and the host's controls. */
  readonly breakouts = new BreakoutRooms(
    (request) => this.#session.request('breakouts', request),
    (breakouts) => this.emit('breakouts', breakouts),
  );
  #waitingForHost = false;
  /** Server-side recording: whether the room is recorded now; the host starts, stops and lists. */
  readonly recording = new Recording(
    (request) => this.#session.request('recording', request, 20_000),
    () => {
      const { signaling, resumeToken } = this.#session;
      return signaling && resumeToken ? { url: signaling.serverUrl, token: resumeToken, roomId: this.roomId } : null;
    },
  );
  #webrtc: WebRtcImplementation | null = null;
  /** End-to-end encryption, when this participant's software does it (RoomOptions.e2ee). */
  #e2ee: RoomEncryption | null = null;
  /** Mic / camera / screen state both ways, and your screen share (see RoomMedia). */
  readonly #media: RoomMedia = new RoomMedia({
    localTracks: () => this.#localTracks(),
    participants: () => this.#participants.values(),
    participant: (id) => this.#participants.get(id),
    videoPausedTo: () => [...this.#participants.values()].filter((p) => p.link.videoPaused).map((p) => p.id),
    cpuBusy: () => this.#cpu?.busy ?? false,
    send: (request) => {
      const socket = this.#session.socketInRoom;
      socket?.emit('media-state', request);
      return socket !== null;
    },
    left: () => this.#session.left,
    onRemoteState: (participant, state) => {
      this.#applyVideoScaleFloor(participant);
      this.emit('media-state', { participant, state });
    },
    onLocalScreenShare: (share) => this.emit('local-screen-share', share),
    onError: (error) => this.emit('error', error),
    meshScreenTracks: (participant, tracks) => this.#sfu.meshScreenTracks(participant.id, tracks),
    onScreenTracks: (tracks) => this.#sfu.setScreenTracks(tracks),
  });
  /** While in the room: a computer too busy for full-size video sends and asks for smaller (see CpuAdaptation). */
  #cpu: CpuAdaptation | null = null;
  /** SFU mode: publisher and subscriber connections, and the make-before-break switch (see SfuMode). */
  readonly #sfu: SfuMode = new SfuMode({
    webrtc: () => this.#webrtc,
    configuration: () => ({ iceServers: this.#ice.current, iceTransportPolicy: this.#session.snapshot?.iceTransportPolicy ?? 'all' }),
    frameTransforms: () => this.#e2ee?.transforms ?? null,
    localTracks: () => this.#localTracks(),
    screenTracks: () => this.#media.screenShare?.tracks ?? [],
    participant: (id) => this.#participants.get(id),
    // Janus answers a publish after its own work on the offer: on a saturated machine that took over 10 s.
    publish: (request) => this.#session.request('sfu-publish', request, 20_000),
    // Refused at once while reconnecting (`signaling-unavailable`): the restart policy tries again later.
    restartIce: (request) => this.#session.request('sfu-restart', request, 20_000),
    send: {
      candidate: (candidate) => this.#session.socketInRoom?.emit('sfu-candidate', candidate),
      layer: (request) => this.#session.socketInRoom?.emit('sfu-layer', request),
      ready: (request) => this.#session.socketInRoom?.emit('sfu-ready', request),
    },
    onTracks: (participant, track, added) => this.emit(added ? 'track-added' : 'track-removed', { participant, track }),
    onConnectionState: (participant) => {
      this.emit('connection-state', { participant, state: participant.connectionState });
      this.#settleRelayProblem();
    },
    restoreMesh: () => this.#onLocalTracksChanged(),
    onError: (error) => this.emit('error', error),
  });

  /** The signaling connection, the join and the rejoin state machine (see RoomSession). */
  readonly #session: RoomSession;

  constructor(options: RoomOptions) {
    super();
    this.roomId = options.roomId;
    this.#options = options;
    this.#session = new RoomSession(options, {
      handlers: this.#serverEvents(),
      entering: () => {
        this.#participants.restartNumbering();
        // A room being recorded says so right after the join (before its ack); until then, not recorded.
        if (this.recording.update({ active: false })) this.emit('recording-state', false);
      },
      waiting: (waiting) => {
        this.#waitingForHost = waiting;
        this.emit('waiting-for-host', waiting);
      },
      entered: (snapshot, rejoin, resumedInPlace) => this.#entered(snapshot, rejoin, resumedInPlace),
      // socket.io restored the same connection: the server's SFU session follows it (SfuBridge.rebind).
      recovered: () => {
        this.#sfu.resume(this.#sfu.session);
        this.#networkChange.backInRoom(true);
      },
      state: (state) => this.emit('signaling-state', state),
      token: (token) => this.emit('session', token),
      ended: (reason) => this.#end(reason),
      error: (error) => this.emit('error', error),
    });
    this.#data = new DataHub(this, options.files);
    this.chat = this.#data.chat;
    if (options.chatHistory) this.chat.carryOver(options.chatHistory);
    this.files = this.#data.files;
  }

  /** You, once joined. */
  get self(): ParticipantInfo | null {
    return this.#session.snapshot?.self ?? null;
  }

  get participants(): ReadonlyMap<string, RemoteParticipant> {
    return this.#participants.all;
  }

  /** The connection to the signaling server; media keeps flowing while it reconnects. */
  get signalingState(): SignalingState {
    return this.#session.signaling?.state ?? 'disconnected';
  }

  get maxParticipants(): number | null {
    return this.#session.snapshot?.maxParticipants ?? null;
  }

  /** This computer is too busy for full-size video now (see the `cpu-busy` event). */
  get cpuBusy(): boolean {
    return this.#cpu?.busy ?? false;
  }

  /**
   * Why the relay server (TURN) cannot be used, until every link is connected again:
   * `turn-credentials-rejected` (an admin's secret or clock), `turn-unreachable`, or
   * `relay-needed` (no path without one, and none configured). See `relay-problem`.
   */
  get relayProblem(): ParleyError | null {
    return this.#relay.current;
  }

  /** Whether the room's media is end-to-end encrypted, and its safety code (see E2eeState). */
  get e2ee(): E2eeState {
    return { on: this.moderation.status.e2ee ?? false, safetyCode: this.#e2ee?.safetyCode ?? null };
  }

  /** What end-to-end decryption dropped, by reason (unknown key id, replay…); null without encryption. */
  e2eeCounts(): Promise<FrameWorkerCounts> | null {
    return this.#e2ee?.counts() ?? null;
  }

  /** `join()` is waiting for the host to let us in (the room's waiting room is on); see `waiting-for-host`. */
  get waitingForHost(): boolean {
    return this.#waitingForHost;
  }

  /**
   * React with an emoji for everyone to see over your tile (and `reaction` here too, from you).
   * Rejects with `rate-limited` past a few a second.
   */
  async react(reaction: Reaction): Promise<void> {
    await this.#session.request('reaction', { reaction });
    const self = this.self;
    if (self) this.emit('reaction', { from: self.id, reaction });
  }

  /** False when an access token let us in without the `publish` grant: we receive only. */
  get canPublish(): boolean {
    return this.#session.snapshot?.grants?.includes('publish') ?? true;
  }

  /** Proof of this session, to resume it or (after a reload) replace it; see the `session` event. */
  get resumeToken(): string | null {
    return this.#session.resumeToken;
  }

  /** Join the room. Rejects with a ParleyError (`room-full`, `signaling-unavailable`, …). */
  async join(): Promise<JoinSnapshot> {
    if (!RoomIdSchema.safeParse(this.roomId).success) {
      throw new ParleyError('invalid-room-id', `"${this.roomId}" is not a valid room id: use 1-64 of A-Z a-z 0-9 _ -.`);
    }
    this.#webrtc ??= this.#options.webrtc ?? globalWebRtc();
    if (this.#options.e2ee && !this.#e2ee) {
      this.#e2ee = await RoomEncryption.create(this, this.#options.e2ee, {
        codeChanged: () => this.emit('e2ee', this.e2ee),
        refused: (participantId, reason) => {
          const name = this.#participants.get(participantId)?.name ?? participantId;
          this.emit('error', new Error(`End-to-end encryption: refused ${reason} from ${name}`));
        },
      });
    }
    return this.#session.join();
  }

  /**
   * Leave: tells the others, then closes every peer link and the connection. With `drainMs`, first
   * waits (at most that long) until the others have received what the data channels already carry
   * (a last chat line, a declined file; see DataHub.drain). Without it the goodbye goes at once, as
   * a closing tab needs, and such a last message can be lost.
   */
  async leave(options: { drainMs?: number } = {}): Promise<void> {
    if (!this.#session.beginLeave()) return;
    if (options.drainMs) await this.#data.drain(options.drainMs);
    this.#data.close();
    this.#ice.stop();
    this.#media.stopScreenShare();
    if (this.#cpu?.busy) this.emit('cpu-busy', false);
    this.#cpu?.dispose();
    this.#cpu = null;
    this.#sfu.close();
    this.#options.media?.off('tracks-changed', this.#onLocalTracksChanged);
    this.#participants.dropAll();
    this.#e2ee?.close();
    await this.#session.close();
  }

  /**
   * A join answered (see RoomSession): the room's parts start on it. After a lost connection,
   * when the server resumed this same participant, every peer connection is kept (media never
   * stopped); otherwise they are rebuilt, as for a first join.
   */
  async #entered(snapshot: JoinSnapshot, rejoin: boolean, resumedInPlace: boolean): Promise<void> {
    this.#ice.start(snapshot.iceServers, snapshot.iceServersTtlSeconds);
    // Before any link sends a frame: whether they are encrypted.
    this.#e2ee?.setEnabled(snapshot.roomStatus?.e2ee ?? false);
    this.#media.announce({ force: true });
    this.#cpu ??= new CpuAdaptation({
      camera: () => this.#localTracks().video,
      statsSource: () => this.#cameraStatsSource(),
      onChange: (_scale, busy) => {
        for (const participant of this.#participants.values()) this.#applyVideoScaleFloor(participant);
        this.#media.announce();
        this.emit('cpu-busy', busy);
      },
    });
    this.#options.media?.off('tracks-changed', this.#onLocalTracksChanged);
    this.#options.media?.on('tracks-changed', this.#onLocalTracksChanged);
    // Before the links: in SFU mode a new mesh link carries data channels only. After a lost
    // connection our SFU session carries on if the server still holds it, else starts over.
    const mode = snapshot.mode ?? 'mesh';
    if (rejoin && mode === 'sfu' && this.#sfu.mode === 'sfu') this.#sfu.resume(resumedInPlace ? (snapshot.sfuSession ?? null) : null);
    else this.#sfu.setMode(mode);
    if (resumedInPlace) this.#participants.reconcile(snapshot.participants);
    else this.#participants.dropAll();
    // The newcomer offers to everyone already here (see PeerLinkOptions.initiator).
    for (const info of snapshot.participants) this.#participants.add(info, true);
    if (rejoin) this.#networkChange.backInRoom(resumedInPlace);
    if (snapshot.roomStatus) this.#applyStatus(snapshot.roomStatus);
    this.hands.replace(snapshot.raisedHands ?? [], snapshot.raisedHandsRev ?? 0, true);
    this.waitingRoom.replace(snapshot.waiting ?? [], snapshot.waitingRev ?? 0, true);
    this.breakouts.replace(snapshot.breakouts ?? null, snapshot.breakoutsRev ?? 0, true);
    // Resolve once the offers are on their way: an app typically renders its call view when
    // join() resolves, and that render would otherwise hold up the offers' last steps
    // (createOffer and setLocalDescription resolve on this thread), which are on the path to
    // the first frame (measured in bench/join.mjs). Never rejects: a failed offer is an `error` event.
    await Promise.all(snapshot.participants.flatMap((info) => this.#participants.get(info.id)?.link.firstOfferSent ?? []));
  }

  #applyStatus(status: RoomStatus): void {
    const e2eeChanged = (status.e2ee ?? false) !== (this.moderation.status.e2ee ?? false);
    this.#e2ee?.setEnabled(status.e2ee ?? false);
    this.moderation.update(status);
    if (e2eeChanged) this.emit('e2ee', this.e2ee);
    // Those who may no longer moderate are told nothing more of who waits: forget it.
    if (!this.#mayModerate()) this.waitingRoom.replace([], 0, true);
    this.emit('room-status', status);
  }

  #mayModerate(): boolean {
    return this.moderation.isHost || (this.#session.snapshot?.grants?.includes('moderate') ?? false);
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
    const details = { details: { by: by?.name ?? '' } };
    this.#end(
      notice.kind === 'ended'
        ? new ParleyError('meeting-ended', 'The host ended the meeting for everyone.', details)
        : new ParleyError('removed', 'The host removed you from this meeting.', details),
    );
  }

  /** Out for good: tell the app, then leave (closes every link and the connection). */
  #end(reason: ParleyError): void {
    if (this.#session.left) return;
    this.emit('ended', reason);
    void this.leave();
  }

  /** What the server tells this participant, for each part of the room (validated once: see serverEvents). */
  #serverEvents(): ServerEventHandlers {
    return {
      'participant-joined': (info) => {
        // Checked when applied: during a join, who we are is known only once its answer came.
        const apply = (): void => {
          if (info.id !== this.self?.id) this.#participants.joined(info);
        };
        if (!this.#session.hold(apply)) apply();
      },
      'participant-left': ({ id }) => {
        if (!this.#session.hold(() => this.#participants.drop(id))) this.#participants.drop(id);
      },
      // The server sends it just before the join's answer: held until we are in the room again,
      // so that whoever acts on it (a request) is not refused as not in the room.
      'room-status': (status) => {
        if (!this.#session.hold(() => this.#applyStatus(status))) this.#applyStatus(status);
      },
      'raised-hands': ({ queue, rev }) => {
        if (!this.#session.hold(() => this.hands.replace(queue, rev))) this.hands.replace(queue, rev);
      },
      reaction: (event) => this.emit('reaction', event),
      'waiting-room': ({ queue, rev }) => {
        if (!this.#session.hold(() => this.waitingRoom.replace(queue, rev))) this.waitingRoom.replace(queue, rev);
      },
      breakouts: ({ breakouts, rev }) => {
        if (!this.#session.hold(() => this.breakouts.replace(breakouts, rev))) this.breakouts.replace(breakouts, rev);
      },
      'breakout-assignment': (assignment) => this.emit('breakout-assignment', assignment),
      'breakout-message': (message) => this.emit('breakout-message', message),
      'breakouts-closed': () => this.emit('breakouts-closed'),
      session: ({ resumeToken }) => this.#session.setResumeToken(resumeToken),
      moderation: (notice) => this.#onModeration(notice),
      signal: ({ from, seq, ...signal }) => {
        if (this.#participants.accept(from, seq)) this.#participants.deliver(from, signal);
      },
      'media-state': (message) => this.#media.receive(message),
      'room-mode': ({ mode }) => {
        this.#sfu.setMode(mode);
        this.emit('room-mode', mode);
      },
      'recording-state': (state) => {
        if (this.recording.update(state)) this.emit('recording-state', this.recording.active);
      },
      'sfu-offer': (offer, answer) => {
        void this.#sfu.onOffer(offer).then((sdp) => sdp && answer(sdp));
      },
      'sfu-candidate': (candidate) => this.#sfu.onCandidate(candidate),
      'sfu-ready': (ready) => this.#sfu.onReady(ready),
      'sfu-reset': (reset) => this.#sfu.onReset(reset),
      rejected: ({ error }) => this.emit('error', ParleyError.fromPayload(error)),
    };
  }

  /** A peer link to someone (null until joined); in SFU mode it carries data channels only. */
  #link(info: ParticipantInfo, initiator: boolean): PeerLink | null {
    const snapshot = this.#session.snapshot;
    if (!snapshot || !this.#webrtc) return null;
    this.#sfu.adopt(info.id);
    return new PeerLink({
      selfId: snapshot.self.id,
      remoteId: info.id,
      webrtc: this.#webrtc,
      iceServers: this.#ice.current,
      iceTransportPolicy: snapshot.iceTransportPolicy ?? 'all',
      initiator,
      ...(this.#e2ee ? { frameTransforms: this.#e2ee.transforms } : {}),
      localTracks: this.#sfu.meshTracks(info.id, this.#localTracks()),
      // In SFU mode mesh links carry no media by design (see SfuMode): their stopping says nothing.
      watchMediaFlow: () => this.#sfu.mode !== 'sfu',
      send: (signal) => {
        this.#session.socketInRoom?.emit('signal', { to: info.id, ...signal });
      },
    });
  }

  #added(participant: RemoteParticipant, initiator: boolean): void {
    const link = participant.link;
    this.#applyVideoScaleFloor(participant);
    link.on('track-added', (track) => this.emit('track-added', { participant, track }));
    link.on('track-removed', (track) => this.emit('track-removed', { participant, track }));
    link.on('connection-state', (state) => {
      this.emit('connection-state', { participant, state });
      this.#settleRelayProblem();
    });
    link.on('media-stopped', () => this.#networkChange.pathLost());
    link.on('error', (error) => {
      if (this.#relay.report(error)) this.emit('relay-problem', this.#relay.current);
      this.emit('error', error);
    });
    link.on('rebuild-needed', () => this.#participants.rebuild(participant.id));
    // Everyone learns whom our video is paused to (the paused person's tile says why it stopped).
    link.on('video-paused', (paused) => {
      this.#media.announce();
      this.emit('video-paused', { participant, paused });
    });
    this.#media.adopt(participant, { newcomer: !initiator });
    this.emit('participant-joined', participant);
  }

  #settleRelayProblem(): void {
    const allConnected = [...this.#participants.values()].every((p) => p.connectionState === 'connected');
    if (this.#relay.settle(allConnected)) this.emit('relay-problem', null);
  }

  #localTracks(): LocalTrackSet {
    // An access token without `publish` (watch only): nothing is sent, whatever the devices.
    if (!this.canPublish) return { audio: null, video: null };
    const media = this.#options.media;
    return { audio: media?.audioTrack ?? null, video: media?.videoTrack ?? null };
  }

  /** A mesh connection that sends our camera now, for CpuAdaptation's readings; none in SFU mode. */
  #cameraStatsSource(): RTCPeerConnection | null {
    const camera = this.#localTracks().video;
    if (!camera || this.#sfu.mode === 'sfu') return null;
    for (const { link } of this.#participants.values()) {
      if (link.connectionState === 'connected' && link.pc.getSenders().some((sender) => sender.track === camera)) return link.pc;
    }
    return null;
  }

  /** Our camera to `participant` at our own CPU step's scale, or half size if their computer is busy; never under 180p. */
  #applyVideoScaleFloor(participant: RemoteParticipant): void {
    const own = this.#cpu?.scale ?? 1;
    const asked = participant.media?.cpuBusy ? 2 : 1;
    const scale = boundedScale(Math.max(own, asked), this.#localTracks().video?.getSettings().height);
    participant.link.setVideoScaleFloor(scale).catch(() => undefined);
  }

  readonly #onLocalTracksChanged = (): void => {
    const tracks = this.#localTracks();
    for (const participant of this.#participants.values()) {
      participant.link.setLocalTracks(this.#sfu.meshTracks(participant.id, tracks)).catch((error: unknown) => this.emit('error', error));
      this.#applyVideoScaleFloor(participant);
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
