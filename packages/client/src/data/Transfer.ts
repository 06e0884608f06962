/**
 * Where a transfer is:
 * - `offered`: the receiver has not answered yet (nothing is sent before it accepts);
 * - `waiting`: accepted, queued behind another file to the same person;
 * - `transferring`: bytes are flowing;
 * - `interrupted`: the connection dropped (reload, network, signaling); it resumes by itself
 *   from the last byte the receiver stored when the two meet again;
 * - `verifying`: every byte is there, the receiver is checking the SHA-256;
 * - `done`, `declined`, `cancelled`, `failed`: final.
 */
export type TransferState =
  'offered' | 'waiting' | 'transferring' | 'interrupted' | 'verifying' | 'done' | 'declined' | 'cancelled' | 'failed';

/** Why a transfer failed or was cancelled without anyone clicking cancel. */
export type TransferProblem = 'hash-mismatch' | 'too-large' | 'storage' | 'protocol' | 'peer-gone' | 'expired';

export const FINAL_STATES: ReadonlySet<TransferState> = new Set(['done', 'declined', 'cancelled', 'failed']);

/** Speed over a sliding window of a few seconds, for "2.1 MB/s, 12 s left". */
export class RateMeter {
  readonly #samples: Array<{ t: number; bytes: number }> = [];
  readonly #windowMs: number;

  constructor(windowMs = 3_000) {
    this.#windowMs = windowMs;
  }

  add(bytes: number, t = Date.now()): void {
    this.#samples.push({ t, bytes });
    while (this.#samples.length > 2 && t - this.#samples[0]!.t > this.#windowMs) this.#samples.shift();
  }

  /** Bytes per second, or 0 before there is a measurable interval. */
  get rate(): number {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    if (!first || !last || last.t - first.t < 200) return 0;
    return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.t - first.t));
  }

  reset(): void {
    this.#samples.length = 0;
  }
}

/** One file going to or coming from one participant. Read its fields; change it through FileTransfers. */
export class Transfer {
  readonly id: string;
  /**
   * The same for every recipient's transfer of one file offered once (outgoing): a view shows
   * them as one file with a line per person. An incoming transfer is its own group.
   */
  readonly group: string;
  readonly direction: 'outgoing' | 'incoming';
  /** Sanitised file name (plain text: render as text only). */
  readonly name: string;
  readonly size: number;
  /** Sanitised MIME type, or "". */
  readonly type: string;
  /** The other participant (their current participant id: it changes when they reconnect). */
  peerId: string;
  peerName: string;
  state: TransferState = 'offered';
  problem: TransferProblem | null = null;
  /** Bytes confirmed: stored and hashed by the receiver (acknowledged, on the sender's side). */
  bytes = 0;
  /** Payload bytes handed to data channels, every attempt included (sender), or received (receiver). */
  bytesOnWire = 0;
  /** How many times it resumed after an interruption. */
  resumes = 0;
  /** SHA-256 (hex) of the whole file, once known (the receiver's, once verified). */
  sha256: string | null = null;
  /** The received file, once verified (incoming only). */
  file: Blob | null = null;
  readonly createdAt = Date.now();
  finishedAt: number | null = null;
  readonly meter = new RateMeter();

  constructor(init: {
    id: string;
    group?: string;
    direction: 'outgoing' | 'incoming';
    name: string;
    size: number;
    type: string;
    peerId: string;
    peerName: string;
  }) {
    this.id = init.id;
    this.group = init.group ?? init.id;
    this.direction = init.direction;
    this.name = init.name;
    this.size = init.size;
    this.type = init.type;
    this.peerId = init.peerId;
    this.peerName = init.peerName;
  }

  /** Bytes per second over the last few seconds. */
  get rate(): number {
    return this.state === 'transferring' ? this.meter.rate : 0;
  }

  /** Seconds left at the current rate, or null when unknown. */
  get etaSeconds(): number | null {
    const rate = this.rate;
    return rate > 0 ? Math.max(0, (this.size - this.bytes) / rate) : null;
  }

  get final(): boolean {
    return FINAL_STATES.has(this.state);
  }
}
