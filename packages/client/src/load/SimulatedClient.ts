import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
  JoinSnapshotSchema,
  ParticipantInfoSchema,
  ParticipantLeftSchema,
  SignalMessageSchema,
  type Ack,
  type ClientToServerEvents,
  type JoinSnapshot,
  type ServerToClientEvents,
  type SignalMessage,
} from '@parley/protocol';
import { preciseNow } from './latency.js';
import type { LoadStats } from './LoadStats.js';
import { decodeMarker, markedCandidate, markedDescription, type LoadMarker } from './markers.js';

type LoadSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SimulatedClientOptions {
  serverUrl: string;
  path: string;
  stats: LoadStats;
  candidatesPerExchange: number;
  /** 0: none. */
  signalIntervalMs: number;
  /** The local address to connect from (Node); undefined: the system's choice. */
  localAddress?: string | undefined;
}

/** Where a client is in a room's life; `self` stays set until the leave is acknowledged. */
interface Membership {
  room: string;
  self: string;
  peers: Set<string>;
  /** Markers numbered per receiver (n = 1, 2, …), like the server's `seq`. */
  sentTo: Map<string, number>;
  /** Last server `seq` seen per sender. */
  lastSeq: Map<string, number>;
}

/**
 * One simulated participant: a real socket.io-client speaking Parley's protocol, sending
 * marked offers, answers and candidates and checking every relayed message it receives.
 */
export class SimulatedClient {
  readonly #options: SimulatedClientOptions;
  readonly #socket: LoadSocket;
  #membership: Membership | null = null;
  /** Signals that arrived while a join was waiting for its ack (checked once it comes). */
  #early: unknown[] | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #sending = false;
  #open = false;
  /** When connect() began, until the first join is acknowledged (then null). */
  #connectStartedAt: number | null = null;

  constructor(options: SimulatedClientOptions) {
    this.#options = options;
    // engine.io-client hands localAddress to the `ws` WebSocket it opens in Node; its types omit it.
    const connection: Partial<ManagerOptions & SocketOptions> & { localAddress?: string } = {
      path: options.path,
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      autoConnect: false,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    };
    this.#socket = io(options.serverUrl, connection);
    this.#socket.on('signal', (payload) => this.#onSignal(payload));
    this.#socket.on('participant-joined', (payload) => {
      const info = ParticipantInfoSchema.safeParse(payload);
      if (info.success && this.#membership && info.data.id !== this.#membership.self) this.#membership.peers.add(info.data.id);
    });
    this.#socket.on('participant-left', (payload) => {
      const left = ParticipantLeftSchema.safeParse(payload);
      if (left.success) this.#membership?.peers.delete(left.data.id);
    });
    this.#socket.on('rejected', (event) => {
      const code = event?.error?.code ?? 'unknown';
      if (code === 'peer-not-found') this.#options.stats.refused += 1;
      this.#options.stats.error(code);
    });
    this.#socket.on('disconnect', (reason) => {
      if (this.#open) {
        this.#open = false;
        this.#options.stats.connectionClosed();
      }
      if (reason !== 'io client disconnect') this.#options.stats.error('disconnected');
      this.#stopSending();
    });
  }

  get inRoom(): boolean {
    return this.#membership !== null;
  }

  connect(timeoutMs = 20_000): Promise<boolean> {
    this.#connectStartedAt = preciseNow();
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        this.#socket.off('connect', onConnect);
        this.#socket.off('connect_error', onError);
        if (!ok) {
          this.#options.stats.error('connect-error');
          this.#socket.disconnect();
        }
        resolve(ok);
      };
      const onConnect = (): void => {
        this.#options.stats.connectMs.push(preciseNow() - (this.#connectStartedAt ?? preciseNow()));
        this.#open = true;
        this.#options.stats.connectionOpened();
        done(true);
      };
      const onError = (): void => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.#socket.once('connect', onConnect);
      this.#socket.once('connect_error', onError);
      this.#socket.connect();
    });
  }

  /** Join a room; resolves with the error code on failure (`room-full`, …), null on success. */
  async join(room: string): Promise<string | null> {
    if (!this.#socket.connected) return 'disconnected';
    const stats = this.#options.stats;
    const started = preciseNow();
    this.#early = [];
    let ack: Ack<JoinSnapshot>;
    try {
      // socket.io types a timeout()'s emitWithAck result loosely; the server answers joins with this shape.
      ack = (await this.#socket.timeout(30_000).emitWithAck('join', { room, name: 'load' })) as Ack<JoinSnapshot>;
    } catch {
      this.#early = null;
      stats.error('timeout');
      return 'timeout';
    }
    const early = this.#early;
    this.#early = null;
    if (!ack.ok) {
      stats.error(ack.error.code);
      return ack.error.code;
    }
    const snapshot = JoinSnapshotSchema.parse(ack.value);
    const now = preciseNow();
    stats.joinMs.push(now - started);
    if (this.#connectStartedAt !== null) {
      stats.readyMs.push(now - this.#connectStartedAt);
      this.#connectStartedAt = null;
    }
    stats.joins += 1;
    stats.inRoom += 1;
    this.#membership = {
      room,
      self: snapshot.self.id,
      peers: new Set(snapshot.participants.map((p) => p.id)),
      sentTo: new Map(),
      lastSeq: new Map(),
    };
    for (const payload of early) this.#onSignal(payload);
    this.#sending = true;
    // The newcomer offers to everyone already there, as the SDK does.
    for (const peer of snapshot.participants) this.#send(peer.id, 'offer');
    this.#scheduleTick();
    return null;
  }

  /** Leave the room and wait for the server's acknowledgement: after it, nothing more is relayed to us. */
  async leave(): Promise<void> {
    this.#stopSending();
    if (!this.#membership) return;
    try {
      if (this.#socket.connected) await this.#socket.timeout(30_000).emitWithAck('leave', {});
    } catch {
      this.#options.stats.error('timeout');
    }
    this.#membership = null;
    this.#options.stats.inRoom -= 1;
    this.#options.stats.leaves += 1;
  }

  /** Stop sending anything new (answers and candidates included); keep receiving. */
  stopSending(): void {
    this.#stopSending();
  }

  close(): void {
    this.#stopSending();
    this.#socket.disconnect();
    this.#socket.removeAllListeners();
  }

  #stopSending(): void {
    this.#sending = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #scheduleTick(): void {
    const interval = this.#options.signalIntervalMs;
    if (interval <= 0 || !this.#sending) return;
    // Jittered so thousands of clients do not send in lockstep.
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        const peers = this.#membership ? [...this.#membership.peers] : [];
        const peer = peers[Math.floor(Math.random() * peers.length)];
        if (peer) this.#send(peer, 'candidate');
        this.#scheduleTick();
      },
      interval * (0.5 + Math.random()),
    );
  }

  #send(to: string, kind: 'offer' | 'answer' | 'candidate'): void {
    const membership = this.#membership;
    if (!this.#sending || !membership || !this.#socket.connected) return;
    const n = (membership.sentTo.get(to) ?? 0) + 1;
    membership.sentTo.set(to, n);
    const marker: LoadMarker = { room: membership.room, from: membership.self, to, n, sentAt: preciseNow() };
    if (kind === 'candidate') this.#socket.emit('signal', { to, candidate: markedCandidate(marker) });
    else this.#socket.emit('signal', { to, description: markedDescription(kind, marker) });
    this.#options.stats.sent += 1;
  }

  #onSignal(payload: unknown): void {
    if (this.#early) {
      this.#early.push(payload);
      return;
    }
    const stats = this.#options.stats;
    const membership = this.#membership;
    const parsed = SignalMessageSchema.safeParse(payload);
    if (!parsed.success || !membership) {
      stats.misrouted += 1;
      return;
    }
    const message = parsed.data;
    const marker = decodeMarker(message.description?.sdp ?? message.candidate?.candidate ?? '');
    if (!marker || marker.to !== membership.self || marker.from !== message.from || marker.room !== membership.room) {
      stats.misrouted += 1;
      return;
    }
    if (!this.#inSequence(membership, message)) return;
    stats.received += 1;
    const relayMs = preciseNow() - marker.sentAt;
    stats.relayMs.push(relayMs);
    if (marker.sentAt >= stats.steadySince) stats.steadyRelayMs.push(relayMs);
    if (message.description?.type === 'offer') {
      this.#send(message.from, 'answer');
      this.#sendCandidates(message.from);
    } else if (message.description?.type === 'answer') {
      this.#sendCandidates(message.from);
    }
  }

  /** False for a duplicate; a hole in the sequence is counted and the message accepted. */
  #inSequence(membership: Membership, message: SignalMessage): boolean {
    const last = membership.lastSeq.get(message.from) ?? 0;
    if (message.seq <= last) {
      this.#options.stats.duplicated += 1;
      return false;
    }
    if (message.seq !== last + 1) this.#options.stats.sequenceGaps += message.seq - last - 1;
    membership.lastSeq.set(message.from, message.seq);
    return true;
  }

  #sendCandidates(to: string): void {
    for (let i = 0; i < this.#options.candidatesPerExchange; i++) this.#send(to, 'candidate');
  }
}
