import type { Transfer } from '@parley/client';
import type { ProgressBoard } from '../progress.js';
import { transferEvent, transferProgress } from './describe.js';

/**
 * Shows transfers on a ProgressBoard: a live row each while it runs, a kept line when it is
 * interrupted or resumes. The final line is the caller's (what "done" means differs per side).
 */
export class TransferBoard {
  readonly #last = new Map<string, { state: Transfer['state']; resumes: number }>();

  constructor(readonly board: ProgressBoard) {}

  /** Starts following a transfer as it is now, without a line (for one restored after a restart). */
  follow(transfer: Transfer): void {
    this.#last.set(transfer.id, { state: transfer.state, resumes: transfer.resumes });
  }

  /** Call on every update of a followed transfer; returns true once it has ended. */
  update(transfer: Transfer): boolean {
    const event = transferEvent(transfer, this.#last.get(transfer.id));
    this.#last.set(transfer.id, { state: transfer.state, resumes: transfer.resumes });
    if (event) this.board.log(event);
    if (transfer.final) {
      this.board.remove(transfer.id);
      return true;
    }
    if (transfer.state !== 'offered' || transfer.direction === 'outgoing') {
      this.board.set(transfer.id, transferProgress(transfer), transfer.size > 0 ? transfer.bytes / transfer.size : 1);
    }
    return false;
  }

  log(line: string): void {
    this.board.log(line);
  }
}
