import type { FileChannel } from './FileChannel.js';
import type { Transfer, TransferProblem, TransferState } from '../Transfer.js';

/** Progress events at most this often per transfer: each one re-renders the app, at a CPU cost the transfer pays for. */
const PROGRESS_EVERY_MS = 500;

export interface TransferTableEvents {
  added(transfer: Transfer): void;
  changed(transfer: Transfer): void;
  /** A transfer reached a final state: its sender or receiver lets go of what it held. */
  finished(transfer: Transfer, state: TransferState): void;
}

/** Every transfer of a room by id, and the one way each changes state and is announced. */
export class TransferTable {
  readonly #transfers = new Map<string, Transfer>();
  readonly #lastProgress = new Map<string, number>();
  readonly #events: TransferTableEvents;

  constructor(events: TransferTableEvents) {
    this.#events = events;
  }

  get(id: string): Transfer | undefined {
    return this.#transfers.get(id);
  }

  has(id: string): boolean {
    return this.#transfers.has(id);
  }

  values(): IterableIterator<Transfer> {
    return this.#transfers.values();
  }

  /** The transfer `id` in `direction` with the peer on `channel`; a peer cannot touch another's. */
  mine(channel: FileChannel, id: string, direction: 'outgoing' | 'incoming'): Transfer | undefined {
    const transfer = this.#transfers.get(id);
    return transfer && transfer.direction === direction && transfer.peerId === channel.peer.id ? transfer : undefined;
  }

  add(transfer: Transfer): void {
    this.#transfers.set(transfer.id, transfer);
    this.#events.added(transfer);
  }

  changed(transfer: Transfer): void {
    this.#lastProgress.set(transfer.id, Date.now());
    this.#events.changed(transfer);
  }

  /** Bytes moved: announced at most every PROGRESS_EVERY_MS, and always at the last byte. */
  progress(transfer: Transfer): void {
    const now = Date.now();
    if (now - (this.#lastProgress.get(transfer.id) ?? 0) < PROGRESS_EVERY_MS && transfer.bytes < transfer.size) return;
    this.changed(transfer);
  }

  finish(transfer: Transfer, state: TransferState, problem: TransferProblem | null = null): void {
    if (transfer.final) return;
    transfer.state = state;
    transfer.problem = problem;
    transfer.finishedAt = Date.now();
    this.#events.finished(transfer, state);
    this.changed(transfer);
  }

  /** Something went wrong on our side or in what the peer sent: the peer is told, the transfer fails. */
  fail(channel: FileChannel, transfer: Transfer, problem: TransferProblem): void {
    channel.send({ t: 'cancel', id: transfer.id, reason: 'error' });
    this.finish(transfer, 'failed', problem);
  }
}
