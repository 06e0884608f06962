import type { FileWire } from '@parley/protocol';
import type { Transfer } from '../Transfer.js';

/** The remote side of one files channel. */
export interface FilePeer {
  id: string;
  name: string;
}

/**
 * One peer's `files` data channel as the transfers use it: the control messages sent on it, the
 * outgoing transfers waiting their turn, the incoming ones by stream number, and the send loop's
 * wait for room in the channel's buffer (`bufferedamountlow`, webrtc-pc §6.2) or for an ack.
 */
export class FileChannel {
  readonly peer: FilePeer;
  readonly channel: RTCDataChannel;
  readonly maxMessageSize: () => number;
  /** Outgoing transfers this peer accepted, in order: one is sent at a time. */
  queue: Transfer[] = [];
  active: Transfer | null = null;
  /** Incoming: stream number → transfer. */
  readonly streams = new Map<number, Transfer>();
  /** Removes the listeners the channel was given when attached. */
  stop: () => void = () => undefined;
  readonly #wakers: Array<() => void> = [];

  constructor(peer: FilePeer, channel: RTCDataChannel, maxMessageSize: () => number) {
    this.peer = peer;
    this.channel = channel;
    this.maxMessageSize = maxMessageSize;
  }

  get open(): boolean {
    return this.channel.readyState === 'open';
  }

  /** A control message, if the channel is open (a closing one is handled by its close event). */
  send(message: FileWire): void {
    if (!this.open) return;
    try {
      this.channel.send(JSON.stringify(message));
    } catch {
      // closing: the close handler takes it from here
    }
  }

  /** Resolves at the next `wake()`: room in the buffer, an ack, or a reason to stop. */
  sleep(): Promise<void> {
    return new Promise((resolve) => this.#wakers.push(resolve));
  }

  wake(): void {
    for (const wake of this.#wakers.splice(0)) wake();
  }
}
