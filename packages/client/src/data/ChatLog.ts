/** One chat message as the app shows it. Its identity is (`from`, `seq`). */
export interface ChatMessage {
  /** `${from}:${seq}` for a message received from its sender; history is keyed apart (see historyId). */
  id: string;
  /** Participant id of the sender. */
  from: string;
  /** Display name of the sender (plain text: render as text only). */
  name: string;
  seq: number;
  /** Plain text as typed: render as text only. */
  text: string;
  /** Sender's clock, ms since the epoch. */
  ts: number;
  /** Sent by this client. */
  mine: boolean;
  /** Came in a late joiner's history, relayed by another peer. */
  fromHistory: boolean;
  /**
   * Who relayed it (history only): its sender and text are that peer's claim, not proof, so the
   * app says whose word it is. Null for what came from its sender or was sent here.
   */
  relayedBy: { id: string; name: string } | null;
}

/** The id of a message as its sender sent it. */
export function liveId(from: string, seq: number): string {
  return `${from}:${seq}`;
}

/** The id of a relayed history message: apart from live ids, so a claim can never take the place of the real message. */
export function historyId(relayedBy: string, from: string, seq: number): string {
  return `history:${relayedBy}:${from}:${seq}`;
}

/**
 * The ordered, de-duplicated chat log. Each message is kept once (by id), and messages of one
 * sender always appear in their sequence order, even when history relayed by one peer and live
 * messages from another arrive interleaved.
 */
export class ChatLog {
  readonly #messages: ChatMessage[] = [];
  readonly #ids = new Set<string>();
  readonly #limit: number;

  constructor(limit = 1000) {
    this.#limit = limit;
  }

  get messages(): readonly ChatMessage[] {
    return this.#messages;
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /**
   * Adds a live message: after everything, or before a later message of the same sender. False if
   * already known. A relayed history message with the same sender and number gives way to it: the
   * sender's own word wins over a peer's claim.
   */
  addLive(message: ChatMessage): boolean {
    if (this.#ids.has(message.id)) return false;
    const claimed = this.#messages.findIndex((m) => m.fromHistory && m.from === message.from && m.seq === message.seq);
    if (claimed !== -1) this.#messages.splice(claimed, 1);
    const later = this.#messages.findIndex((m) => m.from === message.from && m.seq > message.seq);
    if (later === -1) this.#messages.push(message);
    else this.#messages.splice(later, 0, message);
    this.#remember(message);
    return true;
  }

  /**
   * Adds a page of history (in the relaying peer's order) ahead of the live messages received so
   * far, keeping each sender's messages in sequence order. Returns the messages that were new.
   */
  addHistory(messages: ChatMessage[], cursor: { at: number }): ChatMessage[] {
    const added: ChatMessage[] = [];
    for (const message of messages) {
      // Already here from its sender, or relayed already (by this peer or another).
      if (this.#ids.has(message.id) || this.#ids.has(liveId(message.from, message.seq))) continue;
      if (this.#messages.some((m) => m.fromHistory && m.from === message.from && m.seq === message.seq)) continue;
      let at = Math.min(cursor.at, this.#messages.length);
      // Never before an earlier message of the same sender, never after a later one.
      for (let i = this.#messages.length - 1; i >= 0; i--) {
        const m = this.#messages[i]!;
        if (m.from === message.from && m.seq < message.seq) {
          at = Math.max(at, i + 1);
          break;
        }
      }
      const later = this.#messages.findIndex((m) => m.from === message.from && m.seq > message.seq);
      if (later !== -1) at = Math.min(at, later);
      this.#messages.splice(at, 0, message);
      cursor.at = at + 1;
      this.#remember(message);
      added.push(message);
    }
    return added;
  }

  /** The last `limit` messages, oldest first (what a late joiner is given). */
  recent(limit: number): ChatMessage[] {
    return this.#messages.slice(-limit);
  }

  #remember(message: ChatMessage): void {
    this.#ids.add(message.id);
    // Bounded: the oldest messages go (their ids stay known, so they are never shown twice).
    if (this.#messages.length > this.#limit) this.#messages.splice(0, this.#messages.length - this.#limit);
  }
}
