import {
  CHAT_HISTORY_LIMIT,
  ChatWireSchema,
  MAX_CHAT_CHARS,
  MAX_DATA_MESSAGE_CHARS,
  ParleyError,
  type ChatHistoryEntry,
} from '@parley/protocol';
import { eventNames, SafeEmitter } from '../SafeEmitter.js';
import { parseJsonMessage, whenOpen } from './channels.js';
import { ChatLog, historyId, liveId, type ChatMessage } from './ChatLog.js';

export interface ChatEvents {
  /** A message was added to `messages` (sent, received live, or from history). */
  message: (message: ChatMessage) => void;
}

/** Every event name of ChatEvents, checked against it both ways. */
export const chatEventNames = eventNames<ChatEvents>()(['message']);

/** The remote side of one chat channel. */
export interface ChatPeer {
  id: string;
  name: string;
  /** We joined after them: we ask one such peer for the recent history. */
  newcomerSide: boolean;
}

/** One peer's chat channel, and what we said while it was still opening. */
interface ChatLink {
  peer: ChatPeer;
  channel: RTCDataChannel;
  /** Our messages sent before the channel opened (at most CHAT_HISTORY_LIMIT), sent when it opens. */
  pending: string[];
  stop: () => void;
}

/** Keeps each history page far below the 256 KiB data-channel message limit. */
const HISTORY_PAGE_CHARS = 48 * 1024;

/**
 * Chat over the `chat` data channel of every PeerLink: no chat server. Each message goes to every
 * open channel once; its id is (sender participant id, per-sender sequence). The sender of a live
 * message is the participant at the other end of the channel, never a field of the payload.
 * A newcomer asks one peer for the last CHAT_HISTORY_LIMIT messages and de-duplicates by id.
 *
 * @example
 * room.chat.on('message', (m) => render(m.name, m.text)); // text only, never as HTML
 * room.chat.send('Hello');
 */
export class Chat extends SafeEmitter<ChatEvents> {
  readonly #log = new ChatLog();
  readonly #peers = new Map<string, ChatLink>();
  readonly #self: () => { id: string; name: string } | null;
  #seq = 0;
  /** Where history goes in the log: ahead of live messages received before it. */
  readonly #historyCursor = { at: 0 };
  #history: 'none' | 'asked' | 'done' = 'none';
  #historyFrom: string | null = null;
  /** History entries taken from the current answer (bounded by CHAT_HISTORY_LIMIT). */
  #historyReceived = 0;

  constructor(self: () => { id: string; name: string } | null) {
    super();
    this.#self = self;
  }

  /** Everything said, oldest first, each message once. */
  get messages(): readonly ChatMessage[] {
    return this.#log.messages;
  }

  /**
   * Sends `text` to everyone whose channel is open and adds it to `messages`.
   * Throws `invalid-message` for an empty or too long text.
   */
  send(text: string): ChatMessage {
    const self = this.#self();
    if (!self) throw new ParleyError('not-in-room', 'Join the room before sending messages.');
    if (text.trim().length === 0 || text.length > MAX_CHAT_CHARS) {
      throw new ParleyError('invalid-message', `A message has 1 to ${MAX_CHAT_CHARS} characters.`);
    }
    const seq = ++this.#seq;
    const ts = Date.now();
    const message: ChatMessage = {
      id: liveId(self.id, seq),
      from: self.id,
      name: self.name,
      seq,
      text,
      ts,
      mine: true,
      fromHistory: false,
      relayedBy: null,
    };
    this.#log.addLive(message);
    // A newcomer's history goes before what it saw live; our own message counts as seen.
    const wire = JSON.stringify({ t: 'msg', seq, text, ts });
    for (const link of this.#peers.values()) {
      if (link.channel.readyState === 'open') link.channel.send(wire);
      else if (link.pending.length < CHAT_HISTORY_LIMIT) link.pending.push(wire);
    }
    this.emit('message', message);
    return message;
  }

  /**
   * Puts what was said earlier in this meeting (another Room's messages: the main room's, kept
   * across a breakout room) before anything new. Known ids stay known, so history a peer relays
   * later does not show them twice.
   */
  carryOver(messages: readonly ChatMessage[]): void {
    for (const message of messages) {
      const added = message.fromHistory
        ? this.#log.addHistory([message], this.#historyCursor)
        : this.#log.addLive(message)
          ? [message]
          : [];
      for (const each of added) this.emit('message', each);
    }
    // What a peer relays later was said after these.
    this.#historyCursor.at = this.#log.messages.length;
  }

  /** Starts chatting with one peer over its channel (called by the DataHub). */
  attach(peer: ChatPeer, channel: RTCDataChannel): void {
    this.detach(peer.id);
    const onMessage = (event: MessageEvent) => this.#onMessage(peer, channel, event.data);
    const onClose = () => this.detach(peer.id);
    channel.addEventListener('message', onMessage);
    channel.addEventListener('close', onClose);
    const entry: ChatLink = { peer, channel, pending: [], stop: () => undefined };
    this.#peers.set(peer.id, entry);
    // Registered first: an already open channel runs this at once, and it looks the peer up.
    // Someone who just joined gets what we said while their channel was opening: the history
    // they ask for comes from one peer, which may not have it yet either.
    const cancelOpen = whenOpen(channel, () => {
      for (const wire of entry.pending.splice(0)) channel.send(wire);
      this.#maybeAskHistory();
    });
    entry.stop = () => {
      cancelOpen();
      channel.removeEventListener('message', onMessage);
      channel.removeEventListener('close', onClose);
    };
  }

  /** The link to `peerId` is gone (closed or left). */
  detach(peerId: string): void {
    const entry = this.#peers.get(peerId);
    if (!entry) return;
    entry.stop();
    this.#peers.delete(peerId);
    if (this.#peers.size === 0) {
      // Alone (or rejoining after a signaling drop, which replaces every link): what was said
      // meanwhile comes as history from the next peer we join, after what we already have.
      this.#history = 'none';
      this.#historyFrom = null;
      this.#historyCursor.at = this.#log.messages.length;
      return;
    }
    if (this.#history === 'asked' && this.#historyFrom === peerId) {
      // The peer we asked left before answering: ask another one.
      this.#history = 'none';
      this.#historyFrom = null;
      this.#maybeAskHistory();
    }
  }

  close(): void {
    for (const id of [...this.#peers.keys()]) this.detach(id);
    this.removeAllListeners();
  }

  #maybeAskHistory(): void {
    if (this.#history !== 'none') return;
    for (const { peer, channel } of this.#peers.values()) {
      if (!peer.newcomerSide || channel.readyState !== 'open') continue;
      this.#history = 'asked';
      this.#historyFrom = peer.id;
      this.#historyReceived = 0;
      channel.send(JSON.stringify({ t: 'history-request' }));
      return;
    }
  }

  #onMessage(peer: ChatPeer, channel: RTCDataChannel, data: unknown): void {
    const parsed = ChatWireSchema.safeParse(parseJsonMessage(data, MAX_DATA_MESSAGE_CHARS));
    if (!parsed.success) return; // a malformed message from a peer is dropped, never shown
    const wire = parsed.data;
    switch (wire.t) {
      case 'msg': {
        const message: ChatMessage = {
          id: liveId(peer.id, wire.seq),
          from: peer.id,
          name: peer.name,
          seq: wire.seq,
          text: wire.text,
          ts: wire.ts,
          mine: false,
          fromHistory: false,
          relayedBy: null,
        };
        if (this.#log.addLive(message)) this.emit('message', message);
        return;
      }
      case 'history-request':
        this.#sendHistory(channel);
        return;
      case 'history': {
        if (this.#historyFrom !== peer.id || this.#history !== 'asked') return; // unasked history is ignored
        // Bounded: one answer is at most what a peer keeps to give (CHAT_HISTORY_LIMIT), however many pages come.
        const room = CHAT_HISTORY_LIMIT - this.#historyReceived;
        const entries = wire.messages.slice(0, Math.max(0, room));
        this.#historyReceived += entries.length;
        const messages = entries.map((entry) => historyMessage(entry, { id: peer.id, name: peer.name }));
        for (const message of this.#log.addHistory(messages, this.#historyCursor)) this.emit('message', message);
        if (wire.done || this.#historyReceived >= CHAT_HISTORY_LIMIT) this.#history = 'done';
        return;
      }
    }
  }

  #sendHistory(channel: RTCDataChannel): void {
    if (channel.readyState !== 'open') return;
    const entries: ChatHistoryEntry[] = this.#log
      .recent(CHAT_HISTORY_LIMIT)
      .map(({ from, name, seq, text, ts }) => ({ from, name, seq, text, ts }));
    let page: ChatHistoryEntry[] = [];
    let chars = 0;
    const flush = (done: boolean) => {
      channel.send(JSON.stringify({ t: 'history', messages: page, done }));
      page = [];
      chars = 0;
    };
    for (const entry of entries) {
      const size = JSON.stringify(entry).length;
      if (page.length > 0 && chars + size > HISTORY_PAGE_CHARS) flush(false);
      page.push(entry);
      chars += size;
    }
    flush(true);
  }
}

/**
 * A history entry as shown: keyed apart from live messages, never marked as ours (a peer could
 * claim anything "from" us), and labelled with who relayed it.
 */
function historyMessage(entry: ChatHistoryEntry, relayedBy: { id: string; name: string }): ChatMessage {
  return { id: historyId(relayedBy.id, entry.from, entry.seq), ...entry, mine: false, fromHistory: true, relayedBy };
}
