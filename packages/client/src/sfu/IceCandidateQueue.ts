import type { IceCandidate } from '@parley/protocol';
import { candidateInit } from '../peerSignals.js';

/**
 * Local ICE candidates of an SFU connection, held until the other side can take them (Janus
 * needs the offer first), then sent in order; `null` marks the end of gathering (RFC 8838 §4.4).
 */
export class IceCandidateQueue {
  readonly #send: (candidate: IceCandidate | null) => void;
  #held: (IceCandidate | null)[] | null = [];

  constructor(send: (candidate: IceCandidate | null) => void) {
    this.#send = send;
  }

  local(candidate: RTCIceCandidate | null): void {
    const init = candidate && candidate.candidate ? candidateInit(candidate) : null;
    if (candidate && !init) return; // an empty candidate string is the old end-of-candidates form
    if (this.#held) this.#held.push(init);
    else this.#send(init);
  }

  /**
   * Holds candidates again, during an ICE restart: Janus must have the new offer (or answer)
   * before candidates of the new credentials, or it pairs them with the old ones and drops them.
   */
  hold(): void {
    this.#held ??= [];
  }

  /** Drops what is held (an offer that was rolled back) and sends from now on. */
  discard(): void {
    this.#held = null;
  }

  open(): void {
    const held = this.#held ?? [];
    this.#held = null;
    for (const candidate of held) this.#send(candidate);
  }
}
