import {
  type E2eeState,
  type BreakoutMessage,
  type Breakouts,
  type LinkConnectionState,
  type MediaState,
  type ParleyError,
  type RaisedHand,
  type Reaction,
  type Room,
  type RoomStatus,
  type ScreenShare,
  type SignalingState,
  type WaitingPerson,
} from '@parley/client';

/** What the call view needs about one remote participant. */
export interface ParticipantView {
  id: string;
  name: string;
  stream: MediaStream;
  /** Their screen share; `sharing` says whether they are sharing now. */
  screenStream: MediaStream;
  sharing: boolean;
  /** Mic / camera state they announced; null until known. */
  media: MediaState | null;
  /** `reconnecting` while a lost path is restored (ICE restart). */
  connectionState: LinkConnectionState;
  /**
   * Video paused for lack of bandwidth on the direct link: `toThem` your camera's to them,
   * `toYou` theirs to you (they announced it). Audio carries on either way.
   */
  videoPaused: { toThem: boolean; toYou: boolean };
  /** Bumps when their tracks change, so the tile re-binds srcObject and plays. */
  revision: number;
}

/** Everything the call screen shows about the room, as one immutable snapshot. */
export interface CallView {
  participants: readonly ParticipantView[];
  signaling: SignalingState;
  /** Your own screen share, while it lasts. */
  localScreen: ScreenShare | null;
  /** Host, lock and password state. */
  status: RoomStatus;
  isHost: boolean;
  /** The room is being recorded on the server now. */
  recording: boolean;
  /** Whether the room's media is end-to-end encrypted, and its safety code. */
  e2ee: E2eeState;
  /** Raised hands, first raised first (the server's queue: the same on every screen). */
  hands: readonly RaisedHand[];
  /** Reactions on screen now, oldest first: each shows for REACTION_SHOWN_MS over its sender's tile. */
  reactions: readonly ShownReaction[];
  /** Who waits to be let in (only those who may moderate are told), first come first. */
  waiting: readonly WaitingPerson[];
  /** The main room's breakout rooms open now (null: none, or this is a breakout room). */
  breakouts: Breakouts | null;
  /** The host's last message to every room, until dismissed. */
  breakoutMessage: BreakoutMessage | null;
  /** Why the relay (TURN) cannot be used, until everyone is connected again (Room.relayProblem). */
  iceProblem: ParleyError | null;
  /** This computer is too busy for full-size video: both ways it is smaller now (Room.cpuBusy). */
  cpuBusy: boolean;
  /** The host muted your microphone: who did (`''` when unknown), until dismissed. */
  mutedBy: string | null;
  /** The host role moved during the call (not the first host anyone saw): to whom, until dismissed. */
  hostChange: HostChange | null;
  /** Who came or went since you joined, newest last, each until dismissed (at most MAX_ARRIVALS). */
  arrivals: readonly Arrival[];
}

/** Someone joined or left the call, as it is announced. */
export interface Arrival {
  key: number;
  /** Joined or left the call, or raised a hand. */
  kind: 'joined' | 'left' | 'hand';
  name: string;
}

/** A reaction on screen: who sent it (a participant id, yours included) and which. */
export interface ShownReaction {
  key: number;
  from: string;
  /** The sender's name, for the screen reader's announcement. */
  name: string;
  reaction: Reaction;
}

/** How long a reaction stays over its sender's tile. */
export const REACTION_SHOWN_MS = 4_000;
/** Reactions on screen at once, across the room: the oldest go first in a burst. */
const MAX_REACTIONS = 12;

/** Notices shown at once; a crowd arriving together does not fill the screen. */
const MAX_ARRIVALS = 3;
/**
 * A departure is announced once it lasts this long: a replaced peer connection (ParticipantRegistry
 * replaces a link as a leave and a join of the same person) or a quick return is no departure.
 */
const LEFT_AFTER_MS = 1_500;

/** A change of host, as it is announced. */
export interface HostChange {
  /** The new host's name (`''` if not known here yet). */
  name: string;
  /** You are the new host. */
  you: boolean;
}

/**
 * The room as the web app reads it: one subscription to the Room's events, one snapshot, read
 * with `useSyncExternalStore` (see useCallView). Each event re-reads what it touches from the
 * Room rather than patching, so an event missed before the first subscriber cannot leave a stale
 * tile behind. Listeners hear of changes once per task, not once per event: a newcomer comes
 * with a burst (joined, two tracks, media state) that becomes one render, after the peer
 * connection callbacks of that burst (the answer, the first frame) had their turn.
 */
export class CallStore {
  readonly #room: Room;
  readonly #listeners = new Set<() => void>();
  readonly #revisions = new Map<string, number>();
  #view: CallView;
  #detach: (() => void) | null = null;
  #notify: ReturnType<typeof setTimeout> | null = null;
  #arrivalKey = 0;
  #reactionKey = 0;
  /** Everyone announced or there before us: a second join of theirs is the same person back. */
  readonly #known = new Set<string>();
  readonly #leaving = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(room: Room) {
    this.#room = room;
    this.#view = { ...this.#readRoom(), mutedBy: null, hostChange: null, arrivals: [], reactions: [], breakoutMessage: null };
  }

  /** For useSyncExternalStore: the room's events are followed while anyone listens. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    if (!this.#detach) this.#attach();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size > 0) return;
      this.#detach?.();
      this.#detach = null;
      for (const timer of this.#leaving.values()) clearTimeout(timer);
      this.#leaving.clear();
      if (this.#notify) clearTimeout(this.#notify);
      this.#notify = null;
    };
  };

  readonly getSnapshot = (): CallView => this.#view;

  /** The "muted by the host" notice was read. */
  dismissMute(): void {
    this.#update({ mutedBy: null });
  }

  /** A "X joined" or "X left" notice has been shown long enough. */
  dismissArrival(key: number): void {
    this.#update({ arrivals: this.#view.arrivals.filter((arrival) => arrival.key !== key) });
  }

  /** The host's message to every room was read. */
  dismissBreakoutMessage(): void {
    this.#update({ breakoutMessage: null });
  }

  /** The "X is now the host" notice was read (or has been shown long enough). */
  dismissHostChange(): void {
    this.#update({ hostChange: null });
  }

  #attach(): void {
    const room = this.#room;
    const participants = () => this.#update({ participants: this.#readParticipants() });
    const tracksChanged = ({ participant }: { participant: { id: string } }) => {
      this.#revisions.set(participant.id, (this.#revisions.get(participant.id) ?? 0) + 1);
      participants();
    };
    this.#detach = room.listen({
      'participant-joined': (participant) => {
        this.#arrived(participant);
        participants();
      },
      'participant-left': (participant) => {
        this.#revisions.delete(participant.id);
        this.#departed(participant);
        participants();
      },
      'track-added': tracksChanged,
      'track-removed': tracksChanged,
      'connection-state': participants,
      'relay-problem': (iceProblem) => this.#update({ iceProblem }),
      'cpu-busy': (cpuBusy) => this.#update({ cpuBusy }),
      'media-state': participants,
      'video-paused': participants,
      'signaling-state': (signaling) => this.#update({ signaling }),
      'local-screen-share': (localScreen) => this.#update({ localScreen }),
      'room-status': () => this.#onStatus(),
      'recording-state': (recording) => this.#update({ recording }),
      e2ee: (e2ee) => this.#update({ e2ee }),
      'raised-hands': (hands) => this.#onHands(hands),
      'waiting-room': (waiting) => this.#update({ waiting }),
      breakouts: (breakouts) => this.#update({ breakouts }),
      'breakout-message': (breakoutMessage) => this.#update({ breakoutMessage }),
      reaction: ({ from, reaction }) => this.#onReaction(from, reaction),
      'mute-requested': ({ by }) => this.#update({ mutedBy: by?.name ?? '' }),
      // Errors are non-fatal by contract (the room keeps running); TURN ones arrive as relay-problem.
      error: (error) => console.warn('[parley] room error', error),
    });
    // Whatever happened before anyone listened; those there already are not announced.
    for (const id of this.#room.participants.keys()) this.#known.add(id);
    this.#update(this.#readRoom());
  }

  /** Host, lock and password; a host that changes from one person to another is announced. */
  #onStatus(): void {
    const before = this.#view.status.hostId;
    const now = this.#readStatus();
    const hostId = now.status.hostId;
    if (before === null || hostId === null || hostId === before) {
      this.#update(now);
      return;
    }
    const you = hostId === this.#room.self?.id;
    const name = you ? (this.#room.self?.name ?? '') : (this.#room.participants.get(hostId)?.name ?? '');
    this.#update({ ...now, hostChange: { name, you } });
  }

  /** A hand that goes up is announced (yours is not: you raised it). */
  #onHands(hands: readonly RaisedHand[]): void {
    const before = new Set(this.#view.hands.map((hand) => hand.id));
    for (const hand of hands) {
      if (before.has(hand.id) || hand.id === this.#room.self?.id) continue;
      const name = this.#room.participants.get(hand.id)?.name;
      if (name) this.#announce('hand', name);
    }
    this.#update({ hands });
  }

  /** A reaction shows over its sender's tile for a while, then goes by itself. */
  #onReaction(from: string, reaction: Reaction): void {
    const self = this.#room.self;
    const name = from === self?.id ? self.name : (this.#room.participants.get(from)?.name ?? '');
    const shown = { key: ++this.#reactionKey, from, name, reaction };
    this.#update({ reactions: [...this.#view.reactions, shown].slice(-MAX_REACTIONS) });
    setTimeout(() => this.#update({ reactions: this.#view.reactions.filter((other) => other !== shown) }), REACTION_SHOWN_MS);
  }

  /** Everything the Room itself holds, as it is now. */
  #readRoom(): Omit<CallView, 'mutedBy' | 'hostChange' | 'arrivals' | 'reactions' | 'breakoutMessage'> {
    const room = this.#room;
    return {
      participants: this.#readParticipants(),
      iceProblem: room.relayProblem,
      cpuBusy: room.cpuBusy,
      ...this.#readStatus(),
      signaling: room.signalingState,
      localScreen: room.screenShare,
      recording: room.recording.active,
      e2ee: room.e2ee,
      hands: room.hands.queue,
      waiting: room.waitingRoom.queue,
      breakouts: room.breakouts.current,
    };
  }

  /** The participants as they are now. */
  #readParticipants(): ParticipantView[] {
    return [...this.#room.participants.values()].map((p) => ({
      id: p.id,
      name: p.name,
      stream: p.stream,
      screenStream: p.screenStream,
      // The screen slot is negotiated at join; it carries a share while they say so.
      sharing: p.media?.screen === true && p.screenStream.getVideoTracks().length > 0,
      media: p.media,
      connectionState: p.connectionState,
      videoPaused: {
        toThem: p.link.videoPaused,
        toYou: this.#room.self !== null && (p.media?.videoPausedTo?.includes(this.#room.self.id) ?? false),
      },
      revision: this.#revisions.get(p.id) ?? 0,
    }));
  }

  #readStatus(): Pick<CallView, 'status' | 'isHost'> {
    return { status: this.#room.moderation.status, isHost: this.#room.moderation.isHost };
  }

  #arrived(participant: { id: string; name: string }): void {
    const leaving = this.#leaving.get(participant.id);
    clearTimeout(leaving);
    this.#leaving.delete(participant.id);
    if (this.#known.has(participant.id)) return;
    this.#known.add(participant.id);
    this.#announce('joined', participant.name);
  }

  #departed(participant: { id: string; name: string }): void {
    clearTimeout(this.#leaving.get(participant.id));
    const timer = setTimeout(() => {
      this.#leaving.delete(participant.id);
      if (this.#room.participants.has(participant.id)) return;
      this.#known.delete(participant.id);
      this.#announce('left', participant.name);
    }, LEFT_AFTER_MS);
    this.#leaving.set(participant.id, timer);
  }

  #announce(kind: Arrival['kind'], name: string): void {
    const arrival = { key: ++this.#arrivalKey, kind, name };
    this.#update({ arrivals: [...this.#view.arrivals, arrival].slice(-MAX_ARRIVALS) });
  }

  #update(change: Partial<CallView>): void {
    this.#view = { ...this.#view, ...change };
    this.#notify ??= setTimeout(() => {
      this.#notify = null;
      for (const listener of this.#listeners) listener();
    }, 0);
  }
}
