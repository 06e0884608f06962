import { JoinSnapshotSchema, ParleyError, isParleyError, type JoinRequest, type JoinSnapshot } from '@parley/protocol';
import { notConnected, Signaling, type RequestEvent, type RequestPayload, type RequestValue, type SignalingState } from '../Signaling.js';
import { AdmissionWait } from './AdmissionWait.js';
import type { PreparedConnection } from './PreparedConnection.js';
import { dispatchServerEvents, type ServerEventHandlers } from './serverEvents.js';

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
  'knock-denied',
  'session-replaced',
  'breakout-closed',
]);

/** Pause before trying a failed rejoin again. */
const REJOIN_RETRY_MS = 2_000;

export interface RoomSessionOptions {
  serverUrl: string;
  serverUrls?: readonly string[] | undefined;
  timeoutMs?: number | undefined;
  rejectUnauthorized?: boolean | undefined;
  roomId: string;
  name: string;
  password?: string | undefined;
  token?: string | undefined;
  ticket?: string | undefined;
  replaces?: string | undefined;
  /** Present when this participant encrypts media end to end (the join says so: `encryptsMedia`). */
  e2ee?: unknown;
  /** A connection opened before the join (in the lobby); the join opens its own if it was taken or closed. */
  connection?: PreparedConnection | undefined;
}

/** What the session asks of its room. */
export interface RoomSessionHost {
  /** Every server event for the room's parts, validated once by the dispatcher. */
  readonly handlers: ServerEventHandlers;
  /** A (re)join is about to be asked for. */
  entering(): void;
  /** The join waits for the host to let us in (true), or no longer (false: let in, turned away or left). */
  waiting(waiting: boolean): void;
  /**
   * A join answered: apply it. `resumedInPlace` when the server resumed this same participant
   * (after a lost connection): the peer connections are kept and media never stopped.
   */
  entered(snapshot: JoinSnapshot, rejoin: boolean, resumedInPlace: boolean): Promise<void>;
  /** socket.io restored the server session after a short blip (nothing missed, same socket). */
  recovered(): void;
  state(state: SignalingState): void;
  /** A new resume token for this session. */
  token(resumeToken: string): void;
  /** Out of the room for good (a rejoin was refused). */
  ended(reason: ParleyError): void;
  error(error: unknown): void;
}

/**
 * The session of one participant with the server: the signaling connection, the join, and the
 * rejoin state machine after a lost connection (resume in place with the resume token, or join
 * afresh; a refusal ends the room, anything else is tried again). Membership events that arrive
 * while a rejoin waits for its snapshot are held back and applied after it, so they act on the
 * new session and are not undone by the snapshot.
 */
export class RoomSession {
  readonly #options: RoomSessionOptions;
  readonly #host: RoomSessionHost;
  #signaling: Signaling | null = null;
  #snapshot: JoinSnapshot | null = null;
  #resumeToken: string | null = null;
  #held: Array<() => void> | null = null;
  /** A join waiting for the host's answer to its knock (waiting room). */
  readonly #admission = new AdmissionWait();
  /** True between a join ack and the next signaling drop: only then may signals be sent. */
  #inRoom = false;
  #left = false;
  /** Set once the join's connection is open: a prepared one may have reconnected before that, which means nothing to us. */
  #connected = false;

  constructor(options: RoomSessionOptions, host: RoomSessionHost) {
    this.#options = options;
    this.#host = host;
  }

  get signaling(): Signaling | null {
    return this.#signaling;
  }

  get snapshot(): JoinSnapshot | null {
    return this.#snapshot;
  }

  get resumeToken(): string | null {
    return this.#resumeToken;
  }

  get inRoom(): boolean {
    return this.#inRoom;
  }

  get left(): boolean {
    return this.#left;
  }

  /** The socket, only while in the room (what is sent otherwise would reach a server that no longer knows us). */
  get socketInRoom(): Signaling['socket'] | null {
    return this.#inRoom ? (this.#signaling?.socket ?? null) : null;
  }

  /**
   * A request that speaks for us in the room, refused at once while we are not in it. Sent
   * during a reconnect, socket.io would buffer it and deliver it on the new connection before
   * the rejoin, where the server answers `not-in-room`; the rejoin redoes what the room needs.
   */
  request<E extends RequestEvent>(event: E, payload: RequestPayload<E>, timeoutMs?: number): Promise<RequestValue<E>> {
    const signaling = this.#inRoom ? this.#signaling : null;
    return signaling ? signaling.request(event, payload, timeoutMs) : Promise.reject(notConnected());
  }

  setResumeToken(token: string): void {
    this.#resumeToken = token;
    this.#host.token(token);
  }

  /** While a rejoin waits for its snapshot, `apply` waits too (true); else the caller applies it now (false). */
  hold(apply: () => void): boolean {
    if (!this.#held) return false;
    this.#held.push(apply);
    return true;
  }

  async join(): Promise<JoinSnapshot> {
    if (this.#signaling) throw new ParleyError('already-joined', 'This Room object has already joined.');
    const signaling =
      this.#options.connection?.take() ??
      new Signaling({
        serverUrl: this.#options.serverUrl,
        ...(this.#options.serverUrls ? { fallbackUrls: this.#options.serverUrls } : {}),
        connectTimeoutMs: this.#options.timeoutMs ?? 10_000,
        rejectUnauthorized: this.#options.rejectUnauthorized,
      });
    this.#signaling = signaling;
    this.#listen(signaling);
    // A prepared connection may already be open, or already failing: say so now, as its
    // change would have been said had this session opened it.
    if (signaling.state !== 'connecting') this.#host.state(signaling.state);
    try {
      await signaling.connect();
      this.#connected = true;
      return await this.#enter(signaling, false);
    } catch (error) {
      signaling.close();
      this.#signaling = null;
      throw error;
    }
  }

  /** From now on nothing is sent; returns false if the session had already left. */
  beginLeave(): boolean {
    if (this.#left) return false;
    this.#left = true;
    this.#inRoom = false;
    return true;
  }

  /** Tells the server at once (closing the socket would too, a moment later), then closes. */
  async close(): Promise<void> {
    this.#admission.cancel();
    const signaling = this.#signaling;
    this.#signaling = null;
    if (!signaling) return;
    try {
      if (signaling.state === 'connected') await signaling.request('leave', {}, 2_000);
    } catch {
      // Closing the socket below removes us from the room on the server anyway.
    }
    signaling.close();
  }

  async #enter(signaling: Signaling, rejoin: boolean): Promise<JoinSnapshot> {
    const previousSelf = this.#snapshot?.self.id ?? null;
    this.#host.entering();
    const held: Array<() => void> = [];
    this.#held = held;
    let snapshot: JoinSnapshot;
    try {
      snapshot = JoinSnapshotSchema.parse(await this.#requestJoin(signaling, rejoin));
    } finally {
      this.#held = null;
    }
    this.#snapshot = snapshot;
    this.#inRoom = true;
    const resumedInPlace = rejoin && snapshot.resumed === true && snapshot.self.id === previousSelf;
    const applied = this.#host.entered(snapshot, rejoin, resumedInPlace);
    if (snapshot.resumeToken) this.setResumeToken(snapshot.resumeToken);
    for (const apply of held) apply();
    await applied;
    return snapshot;
  }

  /**
   * Asks to join; a room whose waiting room holds us back answers `waiting-for-host` with a
   * knock, and we wait for the host's answer: let in, join again with the knock; the connection
   * replaced or the meeting ended meanwhile, knock again; turned away, `knock-denied`.
   */
  async #requestJoin(signaling: Signaling, rejoin: boolean): Promise<unknown> {
    let admittedKnock: string | undefined;
    let waited = false;
    try {
      for (;;) {
        try {
          return await signaling.request('join', this.#joinRequest(rejoin, admittedKnock));
        } catch (error) {
          const knock = isParleyError(error) && error.code === 'waiting-for-host' ? error.details.knock : undefined;
          if (typeof knock !== 'string' || this.#left) throw error;
          this.#host.waiting(true);
          waited = true;
          admittedKnock = (await this.#admission.wait(knock)) === 'admitted' ? knock : undefined;
        }
      }
    } finally {
      if (waited) this.#host.waiting(false);
    }
  }

  #joinRequest(rejoin: boolean, knock?: string): JoinRequest {
    const { password, token, ticket, replaces } = this.#options;
    return {
      room: this.#options.roomId,
      name: this.#options.name,
      ...(password !== undefined ? { password } : {}),
      ...(token !== undefined ? { token } : {}),
      ...(ticket !== undefined ? { ticket } : {}),
      ...(rejoin && this.#resumeToken ? { resume: this.#resumeToken } : {}),
      ...(!rejoin && replaces !== undefined ? { replaces } : {}),
      ...(knock !== undefined ? { knock } : {}),
      ...(this.#options.e2ee ? { encryptsMedia: true } : {}),
    };
  }

  #listen(signaling: Signaling): void {
    const handlers: ServerEventHandlers = { ...this.#host.handlers, admission: (event) => this.#admission.receive(event) };
    dispatchServerEvents(signaling.socket, handlers, (event) =>
      this.#host.error(new ParleyError('server-error', `The server sent a malformed "${event}" event; it was ignored.`)),
    );
    signaling.on('state', (state) => {
      // While disconnected the server has forgotten us; signals queued now would reach it
      // before the rejoin and be refused, so stop sending until the next join ack.
      if (state !== 'connected') this.#inRoom = false;
      if (!this.#left) this.#host.state(state);
    });
    // Recovered (a short blip): the server kept our session and replayed what we missed.
    // Otherwise rejoin with the resume token; the peers we are connected to keep their links
    // when the server resumes us in place.
    signaling.on('reconnected', (recovered) => {
      if (this.#left || !this.#connected) return;
      // Waiting to be let in: the server dropped the knock with the old connection; knock again.
      if (this.#admission.waiting) {
        this.#admission.reconnected();
        return;
      }
      if (recovered) {
        this.#inRoom = true;
        this.#host.recovered();
        return;
      }
      this.#rejoin(signaling);
    });
  }

  #rejoin(signaling: Signaling): void {
    this.#enter(signaling, true).catch((error: unknown) => {
      if (isParleyError(error) && REJOIN_REFUSALS.has(error.code)) {
        this.#host.ended(error);
        return;
      }
      this.#host.error(error);
      // Not a refusal (a timeout, a server busy starting): try again while connected and still out.
      setTimeout(() => {
        if (!this.#left && !this.#inRoom && signaling.state === 'connected') this.#rejoin(signaling);
      }, REJOIN_RETRY_MS);
    });
  }
}
