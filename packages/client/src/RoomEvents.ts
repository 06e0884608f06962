import type {
  BreakoutAssignment,
  BreakoutMessage,
  Breakouts,
  ParleyError,
  RaisedHand,
  Reaction,
  RoomMode,
  RoomStatus,
  WaitingPerson,
} from '@parley/protocol';
import type { LinkConnectionState } from './IceRestart.js';
import type { RemoteParticipant } from './RemoteParticipant.js';
import type { SignalingState } from './Signaling.js';
import type { MediaState } from './media/RoomMedia.js';
import type { ScreenShare } from './media/ScreenShare.js';
import { eventNames } from './SafeEmitter.js';

/** End-to-end encryption as a participant sees it (`room.e2ee`, event `e2ee`). */
export interface E2eeState {
  /** The room's media is end-to-end encrypted (the host may turn it off, e.g. to record). */
  readonly on: boolean;
  /**
   * The room's safety code, the same on every screen when nobody is in the middle; null until a
   * link proved its identity, and for a participant whose software does not encrypt.
   */
  readonly safetyCode: string | null;
}

/** Every event a Room emits, with its payload. */
export interface RoomEvents {
  /** Someone is in the room: on join for those already there, later for newcomers. */
  'participant-joined': (participant: RemoteParticipant) => void;
  /** Someone left (closed the tab, lost the connection or clicked leave). */
  'participant-left': (participant: RemoteParticipant) => void;
  /**
   * Media from a participant started; `participant.stream` (camera, mic) or
   * `participant.screenStream` (screen share) already holds the track.
   */
  'track-added': (event: { participant: RemoteParticipant; track: MediaStreamTrack }) => void;
  'track-removed': (event: { participant: RemoteParticipant; track: MediaStreamTrack }) => void;
  /** A participant muted, turned the camera off, or started/stopped sharing (`participant.media`). */
  'media-state': (event: { participant: RemoteParticipant; state: MediaState }) => void;
  /**
   * Your camera's video to `participant` paused because the direct link to them is too slow for
   * any picture (audio carries on), or came back (`participant.link.videoPaused`).
   */
  'video-paused': (event: { participant: RemoteParticipant; paused: boolean }) => void;
  /** Your own screen share started (the share) or ended (null), also by the browser's "Stop sharing". */
  'local-screen-share': (share: ScreenShare | null) => void;
  /**
   * This computer is too busy for full-size video (true): ours goes out smaller and the others
   * send us smaller, until it keeps up again (false). `room.cpuBusy` holds it too.
   */
  'cpu-busy': (busy: boolean) => void;
  /**
   * The peer connection to one participant changed state (connecting, connected, failed…);
   * `reconnecting` while a lost path is restored by an ICE restart, without anyone acting.
   */
  'connection-state': (event: { participant: RemoteParticipant; state: LinkConnectionState }) => void;
  /**
   * The relay server (TURN) refused the credentials or could not be reached (a ParleyError), or,
   * with null, every link is connected again; `room.relayProblem` holds it too.
   */
  'relay-problem': (problem: ParleyError | null) => void;
  /** The connection to the signaling server changed; media keeps flowing meanwhile. */
  'signaling-state': (state: SignalingState) => void;
  // ---- access, moderation, sessions ----
  /** Host, lock or password changed; `room.moderation.status` holds it too. */
  'room-status': (status: RoomStatus) => void;
  /** The room's end-to-end encryption was turned on or off, or its safety code changed; `room.e2ee` too. */
  e2ee: (state: E2eeState) => void;
  /** Someone raised or lowered a hand (or left with it up): the whole queue, first raised first; `room.hands.queue` too. */
  'raised-hands': (queue: readonly RaisedHand[]) => void;
  /** Someone reacted (`from`: their participant id; yours too, once the server took it). */
  reaction: (event: { from: string; reaction: Reaction }) => void;
  /** Who waits to be let in changed (to those who may moderate): the whole queue; `room.waitingRoom.queue` too. */
  'waiting-room': (queue: readonly WaitingPerson[]) => void;
  /** The main room's breakout rooms opened (who was sent where) or closed (null); `room.breakouts.current` too. */
  breakouts: (breakouts: Breakouts | null) => void;
  /** The host sends you to a breakout room: leave this Room and join one with `ticket` (see BreakoutRooms). */
  'breakout-assignment': (assignment: BreakoutAssignment) => void;
  /** The host's message to every room of the meeting. */
  'breakout-message': (message: BreakoutMessage) => void;
  /** In a breakout room: the host brought everyone back (or the time ran out); go back to the main room with the same ticket. */
  'breakouts-closed': () => void;
  /** `join()` waits for the host to let you in (true), or no longer (false: let in, turned away or left). */
  'waiting-for-host': (waiting: boolean) => void;
  /**
   * A new resume token for this session (after every join, and when the host or lock changes). Keep it where a reloaded page
   * finds it (sessionStorage) and pass it as `RoomOptions.replaces`: the old self is evicted.
   */
  session: (resumeToken: string) => void;
  /** The host asked you to mute: the microphone was muted (`setMicEnabled(false)`). */
  'mute-requested': (event: { by: RemoteParticipant | null }) => void;
  /**
   * You are out of the room for good: removed by the host (`removed`), or a rejoin after a
   * lost connection was refused (`room-locked`, `password-required`, …). The room has left.
   */
  ended: (reason: ParleyError) => void;
  /**
   * Relayed signals from `from` numbered `expected` … `received - 1` never arrived (the
   * server numbers each sender's signals to you). Rare; the peer link may need a restart.
   */
  'signal-gap': (event: { from: string; expected: number; received: number }) => void;
  /** The room moved its media to the SFU (`sfu`) or back (`mesh`); tiles switch by themselves. */
  'room-mode': (mode: RoomMode) => void;
  /** The room started (`true`) or stopped (`false`) being recorded on the server; `room.recording.active` holds it too. */
  'recording-state': (active: boolean) => void;
  /** Something went wrong that the user may want to know about; the room keeps running. */
  error: (error: unknown) => void;
}

/** Every event name of RoomEvents, checked against it both ways. */
export const roomEventNames = eventNames<RoomEvents>()([
  'participant-joined',
  'participant-left',
  'track-added',
  'track-removed',
  'media-state',
  'video-paused',
  'local-screen-share',
  'cpu-busy',
  'connection-state',
  'relay-problem',
  'signaling-state',
  'room-status',
  'e2ee',
  'raised-hands',
  'reaction',
  'waiting-room',
  'waiting-for-host',
  'breakouts',
  'breakout-assignment',
  'breakout-message',
  'breakouts-closed',
  'session',
  'mute-requested',
  'ended',
  'signal-gap',
  'room-mode',
  'recording-state',
  'error',
]);
