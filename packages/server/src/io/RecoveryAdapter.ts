import { Adapter, type BroadcastOptions, type PrivateSessionId, type Room, type Session } from 'socket.io-adapter';

/** How often the missed-packet buffer is swept (socket.io's own sweep runs once a minute). */
const SWEEP_INTERVAL_MS = 1_000;

/** socket.io's packet type for an event (socket.io-parser `PacketType.EVENT`). */
const EVENT_PACKET = 2;

/**
 * How long a packet stays in the missed-packet buffer. A dropped connection that is seen at once
 * (the WebSocket closes, or `alive` goes unanswered for 600 ms) comes back within socket.io's
 * first reconnection attempts (0.5 s, then about 1 s and 2 s); one that comes back later is
 * rejoined in place with its resume token, still within the departure grace, and a signal it
 * missed shows as a gap in `seq`, which the client recovers from. The buffer holds every packet
 * sent to every connection, so its length is memory per connection under load.
 */
export const REPLAY_WINDOW_MS = 4_000;

/** One or several rooms, a single one kept as itself: most packets go to one socket. */
type Rooms = Room | readonly Room[];

/** Shared by every packet sent to everyone or excepting no one. */
const NO_ROOMS: readonly Room[] = Object.freeze([]);

/** A packet kept for replay: what it carried and whom it went to, without socket.io's Sets. */
interface KeptPacket {
  readonly id: string;
  readonly emittedAt: number;
  /** The event's name and arguments, the packet's id last (the client's offset). */
  readonly data: unknown[];
  /** Empty: every socket of the namespace. */
  readonly to: Rooms;
  readonly except: Rooms;
}

type PersistedSession = Omit<Session, 'missedPackets'> & { disconnectedAt: number };

/**
 * The in-memory adapter with connection state recovery: it keeps every event sent without an
 * acknowledgement or `volatile` flag so that a connection coming back within the departure grace
 * is replayed what it missed (socket.io "Connection state recovery"). socket.io's own
 * `SessionAwareAdapter` keeps each packet with the broadcast options it was sent with (two Sets
 * and a flags object per packet) and sweeps once a minute; under signaling load that buffer is the
 * server's largest cost per connection. This one keeps each packet's rooms as a string or a
 * small array, packets for the replay window and sessions for the departure grace
 * (`maxDisconnectionDuration`), swept every second. A client whose last packet was swept gets no
 * replay: its socket.io session is not recovered, and it rejoins with its resume token.
 */
export class RecoveryAdapter extends Adapter {
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #sessions = new Map<PrivateSessionId, PersistedSession>();
  /** In emission order. */
  readonly #packets: KeptPacket[] = [];
  readonly #maxDisconnectionDuration: number;
  #lastId = 0;

  constructor(
    nsp: ConstructorParameters<typeof Adapter>[0],
    readonly replayWindowMs = REPLAY_WINDOW_MS,
  ) {
    super(nsp);
    const recovery = (nsp as { server: { opts: { connectionStateRecovery: { maxDisconnectionDuration: number } } } }).server.opts
      .connectionStateRecovery;
    this.#maxDisconnectionDuration = recovery.maxDisconnectionDuration;
    this.#timer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.#timer.unref();
  }

  /** How many packets and sessions are kept (for tests and metrics). */
  get kept(): { packets: number; sessions: number } {
    return { packets: this.#packets.length, sessions: this.#sessions.size };
  }

  override persistSession(session: Omit<Session, 'missedPackets'>): void {
    this.#sessions.set(session.pid, { ...session, disconnectedAt: Date.now() });
  }

  override restoreSession(pid: PrivateSessionId, offset: string): Promise<Session> {
    const session = this.#sessions.get(pid);
    if (!session) return Promise.resolve(null as unknown as Session);
    if (session.disconnectedAt + this.#maxDisconnectionDuration < Date.now()) {
      this.#sessions.delete(pid);
      return Promise.resolve(null as unknown as Session);
    }
    const from = this.#packets.findIndex((packet) => packet.id === offset);
    // The client's last packet is no longer kept: what it missed cannot be told.
    if (from === -1) return Promise.resolve(null as unknown as Session);
    const missedPackets: unknown[][] = [];
    for (let i = from + 1; i < this.#packets.length; i++) {
      const packet = this.#packets[i]!;
      if (reaches(packet, session.rooms)) missedPackets.push(packet.data);
    }
    const { disconnectedAt: _, ...restored } = session;
    return Promise.resolve({ ...restored, missedPackets });
  }

  override broadcast(packet: { type: number; id?: number; data: unknown[] }, opts: BroadcastOptions): void {
    // Packets awaiting an acknowledgement are not kept (the callback cannot be replayed), nor
    // volatile ones (lost by design), as in socket.io's adapter.
    if (packet.type === EVENT_PACKET && packet.id === undefined && opts.flags?.volatile === undefined) {
      const id = (++this.#lastId).toString(36);
      // The offset rides at the end of the event's arguments: the client keeps the last one it saw.
      packet.data.push(id);
      this.#packets.push({
        id,
        emittedAt: Date.now(),
        data: packet.data,
        to: compact(opts.rooms),
        except: compact(opts.except),
      });
    }
    super.broadcast(packet, opts);
  }

  /** Drops sessions older than the recovery window and packets older than the replay window. */
  sweep(now = Date.now()): void {
    const sessionsFrom = now - this.#maxDisconnectionDuration;
    for (const [id, session] of this.#sessions) {
      if (session.disconnectedAt < sessionsFrom) this.#sessions.delete(id);
    }
    // Packets are in emission order: drop the expired prefix.
    const packetsFrom = now - Math.min(this.replayWindowMs, this.#maxDisconnectionDuration);
    const firstKept = this.#packets.findIndex((packet) => packet.emittedAt >= packetsFrom);
    this.#packets.splice(0, firstKept === -1 ? this.#packets.length : firstKept);
  }

  override close(): void {
    clearInterval(this.#timer);
  }
}

function compact(rooms: ReadonlySet<Room> | undefined): Rooms {
  if (!rooms || rooms.size === 0) return NO_ROOMS;
  if (rooms.size === 1) return rooms.values().next().value!;
  return [...rooms];
}

function has(rooms: Rooms, room: Room): boolean {
  return typeof rooms === 'string' ? rooms === room : rooms.includes(room);
}

/** Whether a socket in `sessionRooms` was among the packet's receivers. */
function reaches(packet: KeptPacket, sessionRooms: readonly Room[]): boolean {
  const everyone = packet.to === NO_ROOMS;
  const included = everyone || sessionRooms.some((room) => has(packet.to, room));
  return included && !sessionRooms.some((room) => has(packet.except, room));
}
