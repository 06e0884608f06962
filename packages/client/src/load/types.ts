/** How a signaling load run behaves. */
export interface LoadOptions {
  /** Origin of the Parley server under load, e.g. `http://127.0.0.1:3000`. */
  serverUrl: string;
  /** Several nodes of one deployment (over Redis): client i connects to `serverUrls[i % n]` instead. */
  serverUrls?: readonly string[];
  /** socket.io path on that server. */
  path?: string;
  /**
   * The local address client i connects from (Node; on Linux every 127.x.y.z is this machine),
   * so a server on loopback sees one address per person, as in the field, and its per-address
   * limits stay on. Omitted: the system picks (every client shares one address).
   */
  clientAddress?: (index: number) => string;
  /** How many room ids the clients spread over. */
  rooms: number;
  /** Clients placed in each room at the start (the server's limit must allow it). */
  roomSize: number;
  /** Simulated clients; defaults to `rooms × roomSize`. */
  clients?: number;
  /** How long the run lasts from its start, connecting included, in ms. */
  durationMs: number;
  /** Clients move between random rooms (leave, then join another) after a random stay; off when omitted. */
  churn?: ChurnOptions | false;
  /** Each client sends one ICE candidate to a random peer this often, in ms (0: only the offer/answer exchange). Default 2000. */
  signalIntervalMs?: number;
  /** Candidates each side sends after an offer/answer exchange. Default 4. */
  candidatesPerExchange?: number;
  /** The steady state (steadyRelayLatencyMs) begins this long after the last client connected, in ms. Default 1000. */
  steadyAfterMs?: number;
  /** Connections opened at once while ramping up. Default 50. */
  connectConcurrency?: number;
  /** Prefix of the room ids, so several runs never share a room. Default `load-<random>`. */
  roomPrefix?: string;
  /** Called about once a second. */
  onProgress?: (progress: LoadProgress) => void;
  /** Aborting ends the run early (cleanly: everyone leaves) and still resolves with a report. */
  signal?: AbortSignal;
  /** Keep every latency sample in the report (to merge reports of several worker processes). */
  keepSamples?: boolean;
}

export interface ChurnOptions {
  /** Mean time a client stays in a room before moving to another, in ms (exponentially distributed). */
  meanStayMs: number;
}

export interface LoadProgress {
  elapsedMs: number;
  connected: number;
  inRoom: number;
  sent: number;
  received: number;
  errors: number;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * What a load run measured. Every relayed message carries a marker (room, sender,
 * receiver, per-pair number, send time) and the server's `seq`; from these:
 * `lost = sent − received − refused`, where `refused` are signals the server answered
 * with `peer-not-found` (the receiver had left: legitimate), `duplicated` are repeats of a
 * `seq` already seen, `misrouted` are messages whose marker names another receiver, room or
 * sender than the server stamped.
 */
export interface LoadReport {
  durationMs: number;
  clients: number;
  /** Most connections open at the same time. */
  peakConnections: number;
  joins: number;
  leaves: number;
  /** Start of connecting → socket.io connected, in ms. */
  connectLatencyMs: LatencySummary;
  /** Request → acknowledgement of `join`, in ms (every join, churn included). */
  joinLatencyMs: LatencySummary;
  /** Start of connecting → first join acknowledged: how long until a new client can signal, in ms. */
  readyLatencyMs: LatencySummary;
  /** Sender's `emit` → receiver's handler, in ms (clients on one machine share its clock). */
  relayLatencyMs: LatencySummary;
  /** The same for messages sent in the steady state: every client connected and joined (ramp-up bursts excluded). */
  steadyRelayLatencyMs: LatencySummary;
  sent: number;
  received: number;
  refused: number;
  lost: number;
  duplicated: number;
  misrouted: number;
  /** Holes in a sender→receiver `seq` stream (a lost message the receiver could see). */
  sequenceGaps: number;
  /** Failures by ParleyError code (`room-full`, `peer-not-found`, …) or `connect-error`/`disconnected`. */
  errorsByCode: Record<string, number>;
  /** Raw samples, with `keepSamples`. */
  samples?: { connectMs: number[]; joinMs: number[]; readyMs: number[]; relayMs: number[]; steadyRelayMs: number[] };
}
