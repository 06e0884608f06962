import { ParleyError, type AdmissionEvent } from '@parley/protocol';

/** What ends a wait: let in with the knock, or knock again (the connection was replaced, or the meeting ended). */
export type WaitEnd = 'admitted' | 'knock-again';

interface Pending {
  knock: string;
  resolve: (end: WaitEnd) => void;
  reject: (error: ParleyError) => void;
}

/**
 * A join that waits for the host (waiting room): the knock the server gave, and the one answer
 * that ends the wait. A denial rejects with `knock-denied`; leaving rejects with `not-in-room`.
 */
export class AdmissionWait {
  #pending: Pending | null = null;

  get waiting(): boolean {
    return this.#pending !== null;
  }

  wait(knock: string): Promise<WaitEnd> {
    this.#pending?.reject(new ParleyError('not-in-room', 'A newer knock replaced this one.'));
    return new Promise((resolve, reject) => {
      this.#pending = { knock, resolve, reject };
    });
  }

  /** The server's `admission` event: only the answer to the knock we wait on counts. */
  receive(event: AdmissionEvent): void {
    const pending = this.#pending;
    if (!pending) return;
    if (event.outcome === 'reopened') return this.#end((p) => p.resolve('knock-again'));
    if (event.knock !== pending.knock) return;
    if (event.outcome === 'admitted') return this.#end((p) => p.resolve('admitted'));
    this.#end((p) => p.reject(new ParleyError('knock-denied', 'The host did not let you in.')));
  }

  /** The connection was lost and replaced: the server forgot the knock with the old one. */
  reconnected(): void {
    this.#end((p) => p.resolve('knock-again'));
  }

  /** We left while waiting. */
  cancel(): void {
    this.#end((p) => p.reject(new ParleyError('not-in-room', 'You left before the host let you in.')));
  }

  #end(settle: (pending: Pending) => void): void {
    const pending = this.#pending;
    this.#pending = null;
    if (pending) settle(pending);
  }
}
