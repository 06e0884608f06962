import {
  FRAME_HEADER_BYTES,
  FileWireSchema,
  MAX_DATA_MESSAGE_CHARS,
  MAX_FILES_PER_OFFER,
  ParleyError,
  type FileWire,
} from '@parley/protocol';
import { eventNames, SafeEmitter } from '../SafeEmitter.js';
import { parseJsonMessage, whenOpen } from './channels.js';
import { decodeFrame, FrameWriter } from './framing.js';
import { diskStorageAvailable, OpfsStorage, WorkerSourceHasher } from './opfs.js';
import { InlineSourceHasher, type SourceHasher } from './sourceHash.js';
import { sanitizeFileName, sanitizeMimeType } from './sanitize.js';
import { newTransferKey, proof, randomId, sameProof } from './secrets.js';
import { MemoryStorage, type FileSink, type IncomingStorage, type PartialRecord } from './storage.js';
import { Transfer, type TransferProblem, type TransferState } from './Transfer.js';

/** Largest data frame; Chrome accepts SCTP messages up to 256 KiB (its a=max-message-size). */
export const MAX_FRAME_BYTES = 256 * 1024;
/** The sender reads its file this many bytes at a time (rounded down to whole frames). */
const READ_BLOCK_BYTES = 4 * 1024 * 1024;
/** Backpressure: stop handing frames to the channel above this, resume at `bufferedamountlow`. */
const HIGH_WATER = 4 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;
/** Bytes the sender may have out beyond the receiver's last acknowledgement (bounds receiver memory and resume waste). */
const WINDOW = 8 * 1024 * 1024;
/** The receiver acknowledges stored bytes this often. */
const ACK_EVERY = 1024 * 1024;
/** An interrupted outgoing transfer waits this long for the receiver to come back. */
const RESUME_WINDOW_MS = 15 * 60 * 1000;
/** Offers from one participant still unanswered, at most (a flood is dropped). */
const MAX_PENDING_OFFERS = 500;
/** Progress events at most this often per transfer: each one re-renders the app, at a CPU cost the transfer pays for. */
const PROGRESS_EVERY_MS = 500;

export interface FileTransferEvents {
  /** A new transfer: offered by us or to us. */
  transfer: (transfer: Transfer) => void;
  /** A transfer changed (state, bytes: at most every 500 ms for progress). */
  update: (transfer: Transfer) => void;
}

/** Every event name of FileTransferEvents, checked against it both ways. */
export const fileTransferEventNames = eventNames<FileTransferEvents>()(['transfer', 'update']);

export interface FileTransfersOptions {
  /** Who we are now (participant id and name); null before joining. */
  self: () => { id: string; name: string } | null;
  /** Where incoming files go. Default: OPFS in browsers that have it, else memory (1 GiB limit). */
  storage?: IncomingStorage;
  /**
   * SHA-256 (hex) of an outgoing file, replacing the default: hashing the slices as they are sent
   * (in the file worker in browsers, else on this thread), so each file is read once.
   */
  digest?: (blob: Blob) => Promise<string>;
  /** Data frame size in bytes (capped by the peer's max message size). Default 256 KiB. */
  frameBytes?: number;
}

/** The remote side of one files channel. */
export interface FilePeer {
  id: string;
  name: string;
}

interface PeerState {
  peer: FilePeer;
  channel: RTCDataChannel;
  maxMessageSize: () => number;
  /** Outgoing transfers accepted by this peer, in order. */
  queue: Transfer[];
  active: Transfer | null;
  /** Incoming: stream number → transfer. */
  streams: Map<number, Transfer>;
  wakers: Array<() => void>;
  stop: () => void;
}

interface Outgoing {
  source: Blob;
  key: string | null;
  acked: number;
  resumeFrom: number;
  /** Bumped whenever a send loop must stop (cancel, interruption, move to a new link). */
  attempt: number;
  expiry: ReturnType<typeof setTimeout> | null;
}

interface Incoming {
  key: string | null;
  sink: FileSink | null;
  /** Bytes handed to the sink: where the next frame must start, and where a resume continues. */
  next: number;
  lastAck: number;
  expectedSha: string | null;
  /** Peers asked to resume: participant id → the proof their `resume-ok` must carry. */
  askedResume: Map<string, string>;
}

/**
 * File transfer over the `files` data channel of every PeerLink: offer → accept → stream, with
 * backpressure, acknowledgements, SHA-256 verification and resume. No upload server.
 *
 * Protocol (JSON control messages validated by FileWireSchema; binary data frames, see framing.ts):
 *
 *     sender                                   receiver
 *     offer {files}              ─────────▶    (person accepts)
 *                                ◀─────────    accept {id, key}
 *     start {id, stream, offset} ─────────▶
 *     frame(stream, offset, bytes) × n ────▶   write + hash (worker)
 *                                ◀─────────    ack {id, offset}   every MiB
 *     end {id, sha256}           ─────────▶    verify
 *                                ◀─────────    done {id, ok}
 *
 * After a drop (ICE failure, signaling reconnect, receiver reload) the receiver sends
 * `resume {id, offset, proof}` on every new link; the sender that holds the transfer checks the
 * HMAC proof (bound to the link's two participant ids), answers `resume-ok` with its own proof
 * and continues from `offset`: the bytes the receiver already stored are never sent again.
 *
 * @example
 * room.files.on('transfer', (t) => t.direction === 'incoming' && ask(t.name, t.size));
 * room.files.offer([file]);              // to everyone; or offer([file], [participantId])
 * await room.files.accept(transferId);   // on the receiving side
 */
export class FileTransfers extends SafeEmitter<FileTransferEvents> {
  readonly storage: IncomingStorage;
  readonly #self: () => { id: string; name: string } | null;
  readonly #customDigest: ((blob: Blob) => Promise<string>) | null;
  readonly #newHasher: () => SourceHasher;
  readonly #frameBytes: number;
  readonly #peers = new Map<string, PeerState>();
  readonly #transfers = new Map<string, Transfer>();
  readonly #outgoing = new Map<string, Outgoing>();
  readonly #incoming = new Map<string, Incoming>();
  /** Per outgoing file, whoever receives it: one hasher, one digest. */
  readonly #hashes = new WeakMap<Blob, { hasher: SourceHasher | null; digest: Promise<string> | null }>();
  readonly #lastProgress = new Map<string, number>();
  #stream = 0;
  #closed = false;
  #restored: Promise<void> | null = null;

  constructor(options: FileTransfersOptions) {
    super();
    this.#self = options.self;
    const browser = diskStorageAvailable();
    this.storage = options.storage ?? (browser ? new OpfsStorage() : new MemoryStorage());
    this.#customDigest = options.digest ?? null;
    this.#newHasher = browser ? () => new WorkerSourceHasher() : () => new InlineSourceHasher();
    this.#frameBytes = Math.max(FRAME_HEADER_BYTES + 1, Math.min(options.frameBytes ?? MAX_FRAME_BYTES, MAX_FRAME_BYTES));
  }

  /** Every transfer of this room, oldest first. */
  get transfers(): Transfer[] {
    return [...this.#transfers.values()];
  }

  get(id: string): Transfer | undefined {
    return this.#transfers.get(id);
  }

  /**
   * Offers files to the given participants (default: everyone connected). One transfer per file
   * and person; nothing is sent before they accept. Each file is hashed once, in the background.
   */
  offer(files: ArrayLike<Blob>, to?: string[]): Transfer[] {
    const list = Array.from(files);
    if (list.length === 0) return [];
    if (list.length > MAX_FILES_PER_OFFER) {
      throw new ParleyError('invalid-message', `Offer at most ${MAX_FILES_PER_OFFER} files at once.`);
    }
    const targets = (to ?? [...this.#peers.keys()]).map((id) => this.#peers.get(id)).filter((p): p is PeerState => !!p);
    const created: Transfer[] = [];
    for (const state of targets) {
      const described = list.map((blob) => {
        const transfer = new Transfer({
          id: randomId(),
          direction: 'outgoing',
          name: sanitizeFileName(blob instanceof File ? blob.name : 'file'),
          size: blob.size,
          type: sanitizeMimeType(blob.type),
          peerId: state.peer.id,
          peerName: state.peer.name,
        });
        this.#outgoing.set(transfer.id, { source: blob, key: null, acked: 0, resumeFrom: 0, attempt: 0, expiry: null });
        this.#add(transfer);
        created.push(transfer);
        return { id: transfer.id, name: transfer.name, size: transfer.size, type: transfer.type };
      });
      whenOpen(state.channel, () => this.#send(state, { t: 'offer', files: described }));
    }
    return created;
  }

  /** Accepts an incoming file: it streams to storage (disk where the browser allows) and is verified. */
  async accept(id: string): Promise<void> {
    const transfer = this.#transfers.get(id);
    const incoming = this.#incoming.get(id);
    if (!transfer || !incoming || transfer.direction !== 'incoming' || transfer.state !== 'offered') return;
    const state = this.#peers.get(transfer.peerId);
    if (transfer.size > this.storage.maxBytes) {
      if (state) this.#send(state, { t: 'decline', id });
      this.#finish(transfer, 'failed', 'too-large');
      return;
    }
    transfer.state = 'waiting';
    this.#changed(transfer);
    const key = newTransferKey();
    const record: PartialRecord = {
      id,
      name: transfer.name,
      size: transfer.size,
      type: transfer.type,
      key,
      from: transfer.peerName,
      createdAt: Date.now(),
    };
    try {
      incoming.sink = await this.storage.create(record);
    } catch {
      if (state) this.#send(state, { t: 'decline', id });
      this.#finish(transfer, 'failed', 'storage');
      return;
    }
    incoming.key = key;
    this.#watchSink(transfer, incoming);
    if (transfer.final) {
      void incoming.sink.abort();
      return;
    }
    const now = this.#peers.get(transfer.peerId);
    if (now && now.channel.readyState === 'open') {
      transfer.state = 'transferring';
      this.#send(now, { t: 'accept', id, key });
    } else {
      transfer.state = 'interrupted';
    }
    this.#changed(transfer);
  }

  decline(id: string): void {
    const transfer = this.#transfers.get(id);
    if (!transfer || transfer.direction !== 'incoming' || transfer.state !== 'offered') return;
    const state = this.#peers.get(transfer.peerId);
    if (state) this.#send(state, { t: 'decline', id });
    this.#finish(transfer, 'declined');
  }

  /** Cancels from either side; the other side is told when connected. */
  cancel(id: string): void {
    const transfer = this.#transfers.get(id);
    if (!transfer || transfer.final) return;
    const state = this.#peers.get(transfer.peerId);
    if (state) this.#send(state, { t: 'cancel', id, reason: 'cancelled' });
    this.#finish(transfer, 'cancelled');
  }

  /**
   * Transfers this browser accepted before a reload: their stored bytes are re-hashed, and they
   * resume by themselves when their sender is in the room. Called once by the DataHub.
   */
  restore(): Promise<void> {
    this.#restored ??= (async () => {
      let restored: Array<{ record: PartialRecord; sink: FileSink }> = [];
      try {
        restored = await this.storage.restore();
      } catch {
        return;
      }
      for (const { record, sink } of restored) {
        if (this.#closed || this.#transfers.has(record.id)) {
          sink.release();
          continue;
        }
        const transfer = new Transfer({ ...record, direction: 'incoming', peerId: '', peerName: record.from });
        transfer.state = 'interrupted';
        transfer.bytes = sink.persisted;
        const incoming: Incoming = {
          key: record.key,
          sink,
          next: sink.persisted,
          lastAck: sink.persisted,
          expectedSha: null,
          askedResume: new Map(),
        };
        this.#incoming.set(record.id, incoming);
        this.#watchSink(transfer, incoming);
        this.#add(transfer);
      }
      for (const state of this.#peers.values()) {
        if (state.channel.readyState === 'open') void this.#askResume(state);
      }
    })();
    return this.#restored;
  }

  /** Starts using one peer's files channel (called by the DataHub). */
  attach(peer: FilePeer, channel: RTCDataChannel, maxMessageSize: () => number): void {
    this.detach(peer.id);
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = LOW_WATER;
    const state: PeerState = {
      peer,
      channel,
      maxMessageSize,
      queue: [],
      active: null,
      streams: new Map(),
      wakers: [],
      stop: () => undefined,
    };
    const onMessage = (event: MessageEvent) => this.#onMessage(state, event.data);
    const wake = () => this.#wake(state);
    const onClose = () => this.detach(peer.id);
    channel.addEventListener('message', onMessage);
    channel.addEventListener('bufferedamountlow', wake);
    channel.addEventListener('close', onClose);
    // Registered first: an already open channel runs the callback at once, and it looks the peer up.
    this.#peers.set(peer.id, state);
    const cancelOpen = whenOpen(channel, () => {
      void this.#askResume(state);
      this.#pump(state);
    });
    state.stop = () => {
      cancelOpen();
      channel.removeEventListener('message', onMessage);
      channel.removeEventListener('bufferedamountlow', wake);
      channel.removeEventListener('close', onClose);
    };
  }

  /** The link to `peerId` is gone: its transfers wait to resume (or end, if never accepted). */
  detach(peerId: string): void {
    const state = this.#peers.get(peerId);
    if (!state) return;
    state.stop();
    this.#peers.delete(peerId);
    this.#wake(state);
    for (const transfer of this.#transfers.values()) {
      if (transfer.peerId !== peerId || transfer.final) continue;
      if (transfer.state === 'offered') {
        this.#finish(transfer, 'cancelled', 'peer-gone');
      } else if (transfer.direction === 'outgoing') {
        if (transfer.state === 'verifying' && this.#outgoing.get(transfer.id)!.acked >= transfer.size) continue;
        this.#interrupt(transfer);
      } else if (transfer.state === 'transferring' || transfer.state === 'waiting') {
        transfer.state = 'interrupted';
        this.#changed(transfer);
      }
    }
  }

  /** The room is left: outgoing transfers end, incoming ones let go of their files (a later visit resumes them). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const id of [...this.#peers.keys()]) this.detach(id);
    for (const transfer of this.#transfers.values()) {
      if (transfer.final) continue;
      if (transfer.direction === 'outgoing') this.#finish(transfer, 'cancelled', 'peer-gone');
      else this.#incoming.get(transfer.id)?.sink?.release();
    }
    this.removeAllListeners();
  }

  // ---- messages ----

  #onMessage(state: PeerState, data: unknown): void {
    if (data instanceof ArrayBuffer) {
      this.#onFrame(state, data);
      return;
    }
    const parsed = FileWireSchema.safeParse(parseJsonMessage(data, MAX_DATA_MESSAGE_CHARS));
    if (!parsed.success) return; // malformed: dropped
    const wire = parsed.data;
    switch (wire.t) {
      case 'offer':
        this.#onOffer(state, wire);
        return;
      case 'accept':
        this.#onAccept(state, wire.id, wire.key);
        return;
      case 'decline': {
        const transfer = this.#mine(state, wire.id, 'outgoing');
        if (transfer && !transfer.final) this.#finish(transfer, 'declined');
        return;
      }
      case 'start':
        this.#onStart(state, wire);
        return;
      case 'ack': {
        const transfer = this.#mine(state, wire.id, 'outgoing');
        const outgoing = this.#outgoing.get(wire.id);
        if (!transfer || !outgoing || transfer.final) return;
        outgoing.acked = Math.min(transfer.size, Math.max(outgoing.acked, wire.offset));
        transfer.bytes = outgoing.acked;
        transfer.meter.add(transfer.bytes);
        this.#progress(transfer);
        this.#wake(state);
        return;
      }
      case 'end':
        this.#onEnd(state, wire.id, wire.sha256);
        return;
      case 'done': {
        const transfer = this.#mine(state, wire.id, 'outgoing');
        if (!transfer || transfer.final) return;
        transfer.bytes = transfer.size;
        this.#finish(transfer, wire.ok ? 'done' : 'failed', wire.ok ? null : 'hash-mismatch');
        return;
      }
      case 'cancel': {
        const transfer = this.#transfers.get(wire.id);
        if (transfer && transfer.peerId === state.peer.id && !transfer.final) this.#finish(transfer, 'cancelled');
        return;
      }
      case 'resume':
        void this.#onResume(state, wire);
        return;
      case 'resume-ok':
        this.#onResumeOk(state, wire.id, wire.proof);
        return;
    }
  }

  #onOffer(state: PeerState, wire: Extract<FileWire, { t: 'offer' }>): void {
    const pending = [...this.#transfers.values()].filter((t) => t.peerId === state.peer.id && t.state === 'offered').length;
    for (const file of wire.files.slice(0, Math.max(0, MAX_PENDING_OFFERS - pending))) {
      if (this.#transfers.has(file.id)) continue;
      const transfer = new Transfer({
        id: file.id,
        direction: 'incoming',
        name: sanitizeFileName(file.name),
        size: file.size,
        type: sanitizeMimeType(file.type),
        peerId: state.peer.id,
        peerName: state.peer.name,
      });
      this.#incoming.set(file.id, { key: null, sink: null, next: 0, lastAck: 0, expectedSha: null, askedResume: new Map() });
      this.#add(transfer);
    }
  }

  #onAccept(state: PeerState, id: string, key: string): void {
    const transfer = this.#mine(state, id, 'outgoing');
    const outgoing = this.#outgoing.get(id);
    if (!transfer || !outgoing || transfer.state !== 'offered') return;
    outgoing.key = key;
    transfer.state = 'waiting';
    this.#changed(transfer);
    state.queue.push(transfer);
    this.#pump(state);
  }

  #onStart(state: PeerState, wire: Extract<FileWire, { t: 'start' }>): void {
    const transfer = this.#mine(state, wire.id, 'incoming');
    const incoming = this.#incoming.get(wire.id);
    if (!transfer || !incoming || transfer.final || !incoming.sink) return;
    if (wire.offset !== incoming.next) {
      this.#fail(state, transfer, 'protocol');
      return;
    }
    for (const [stream, t] of state.streams) if (t === transfer) state.streams.delete(stream);
    state.streams.set(wire.stream, transfer);
    if (transfer.state !== 'transferring') {
      transfer.state = 'transferring';
      this.#changed(transfer);
    }
    if (incoming.next === transfer.size) this.#maybeVerify(state, transfer, incoming);
  }

  /** The hot path: one header read, checks, and the buffer goes to the sink (the worker, in browsers). */
  #onFrame(state: PeerState, buffer: ArrayBuffer): void {
    const frame = decodeFrame(buffer);
    if (!frame) return;
    const transfer = state.streams.get(frame.stream);
    if (!transfer || transfer.state !== 'transferring') return; // late frames of a cancelled transfer
    const incoming = this.#incoming.get(transfer.id)!;
    if (frame.offset !== incoming.next || incoming.next + frame.length > transfer.size || !incoming.sink) {
      this.#fail(state, transfer, 'protocol');
      return;
    }
    try {
      incoming.sink.write(frame.offset, buffer, FRAME_HEADER_BYTES);
    } catch {
      this.#fail(state, transfer, 'storage');
      return;
    }
    incoming.next += frame.length;
    transfer.bytesOnWire += frame.length;
  }

  #onEnd(state: PeerState, id: string, sha256: string): void {
    const transfer = this.#mine(state, id, 'incoming');
    const incoming = this.#incoming.get(id);
    if (!transfer || !incoming || transfer.final) return;
    incoming.expectedSha = sha256;
    this.#maybeVerify(state, transfer, incoming);
  }

  #maybeVerify(state: PeerState, transfer: Transfer, incoming: Incoming): void {
    if (transfer.state === 'verifying' || transfer.final) return;
    if (incoming.next !== transfer.size || !incoming.expectedSha || !incoming.sink) return;
    transfer.state = 'verifying';
    this.#changed(transfer);
    const sink = incoming.sink;
    const expected = incoming.expectedSha;
    void (async () => {
      let actual: string;
      try {
        actual = await sink.finish();
      } catch {
        this.#fail(state, transfer, 'storage');
        return;
      }
      if (transfer.final) return;
      transfer.bytes = transfer.size;
      if (actual === expected) {
        transfer.sha256 = actual;
        try {
          transfer.file = await sink.file(transfer.type);
        } catch {
          this.#fail(state, transfer, 'storage');
          return;
        }
        await this.storage.forget(transfer.id).catch(() => undefined);
        this.#send(this.#peers.get(transfer.peerId) ?? state, { t: 'done', id: transfer.id, ok: true });
        this.#finish(transfer, 'done');
      } else {
        // Never saved silently: the bytes are deleted and both sides are told.
        this.#send(this.#peers.get(transfer.peerId) ?? state, { t: 'done', id: transfer.id, ok: false });
        this.#finish(transfer, 'failed', 'hash-mismatch');
      }
    })();
  }

  async #onResume(state: PeerState, wire: Extract<FileWire, { t: 'resume' }>): Promise<void> {
    const transfer = this.#transfers.get(wire.id);
    const outgoing = this.#outgoing.get(wire.id);
    const self = this.#self();
    if (!transfer || !outgoing?.key || transfer.direction !== 'outgoing' || transfer.final || !self) return;
    if (wire.offset > transfer.size) return;
    const expected = await proof(outgoing.key, 'resume', wire.id, state.peer.id, self.id);
    // No answer to a wrong proof: a participant who does not hold the key learns nothing.
    if (!sameProof(expected, wire.proof) || transfer.final || this.#peers.get(state.peer.id) !== state) return;
    // Stop whatever was running on the old link, then continue on this one.
    outgoing.attempt++;
    if (outgoing.expiry) clearTimeout(outgoing.expiry);
    outgoing.expiry = null;
    const old = this.#peers.get(transfer.peerId);
    if (old && old !== state) {
      old.queue = old.queue.filter((t) => t !== transfer);
      if (old.active === transfer) old.active = null;
      this.#wake(old);
      this.#pump(old);
    }
    transfer.peerId = state.peer.id;
    transfer.peerName = state.peer.name;
    outgoing.resumeFrom = wire.offset;
    outgoing.acked = wire.offset;
    transfer.bytes = wire.offset;
    transfer.resumes++;
    transfer.meter.reset();
    transfer.state = 'waiting';
    this.#changed(transfer);
    this.#send(state, { t: 'resume-ok', id: wire.id, proof: await proof(outgoing.key, 'resume-ok', wire.id, self.id, state.peer.id) });
    state.queue.push(transfer);
    this.#pump(state);
  }

  /** Synchronous (the expected proof was computed with the request), so the `start` right behind it finds the transfer ready. */
  #onResumeOk(state: PeerState, id: string, received: string): void {
    const transfer = this.#transfers.get(id);
    const incoming = this.#incoming.get(id);
    if (!transfer || !incoming?.key || transfer.direction !== 'incoming' || transfer.state !== 'interrupted') return;
    const expected = incoming.askedResume.get(state.peer.id);
    if (!expected || !sameProof(expected, received)) return;
    transfer.peerId = state.peer.id;
    transfer.peerName = state.peer.name;
    transfer.resumes++;
    transfer.meter.reset();
    transfer.state = 'transferring';
    incoming.lastAck = incoming.next;
    this.#changed(transfer);
  }

  /** Asks a newly connected peer to continue every interrupted incoming transfer. */
  async #askResume(state: PeerState): Promise<void> {
    const self = this.#self();
    if (!self) return;
    for (const transfer of this.#transfers.values()) {
      const incoming = this.#incoming.get(transfer.id);
      if (transfer.direction !== 'incoming' || transfer.state !== 'interrupted' || !incoming?.key || !incoming.sink) continue;
      if (incoming.askedResume.has(state.peer.id)) continue;
      incoming.askedResume.set(state.peer.id, '');
      const [mac, answer] = await Promise.all([
        proof(incoming.key, 'resume', transfer.id, self.id, state.peer.id),
        proof(incoming.key, 'resume-ok', transfer.id, state.peer.id, self.id),
      ]);
      incoming.askedResume.set(state.peer.id, answer);
      const offset = incoming.next;
      if (this.#peers.get(state.peer.id) === state && transfer.state === 'interrupted') {
        this.#send(state, { t: 'resume', id: transfer.id, offset, proof: mac });
      }
    }
  }

  // ---- sending ----

  /** Starts the next accepted transfer to this peer, one at a time (the first file finishes first). */
  #pump(state: PeerState): void {
    if (state.active || state.channel.readyState !== 'open' || this.#peers.get(state.peer.id) !== state) return;
    const next = state.queue.shift();
    if (!next) return;
    state.active = next;
    void this.#run(state, next).finally(() => {
      if (state.active === next) state.active = null;
      this.#pump(state);
    });
  }

  async #run(state: PeerState, transfer: Transfer): Promise<void> {
    const outgoing = this.#outgoing.get(transfer.id)!;
    const attempt = outgoing.attempt;
    const stale = () => outgoing.attempt !== attempt || transfer.final || this.#peers.get(state.peer.id) !== state;
    const channel = state.channel;
    const stream = ++this.#stream;
    const maxMessage = state.maxMessageSize();
    const payload = Math.min(this.#frameBytes, maxMessage > FRAME_HEADER_BYTES ? maxMessage : 65536) - FRAME_HEADER_BYTES;
    const source = outgoing.source;
    const size = transfer.size;
    let offset = outgoing.resumeFrom;
    transfer.state = 'transferring';
    this.#changed(transfer);
    this.#send(state, { t: 'start', id: transfer.id, stream, offset });
    // The file is read in blocks of several frames: each Blob read is a round trip to the browser
    // process, so fewer, larger reads cost less CPU than one per frame.
    const block = Math.max(payload, Math.floor(READ_BLOCK_BYTES / payload) * payload);
    const read = (at: number) => source.slice(at, Math.min(size, at + block)).arrayBuffer();
    const frames = new FrameWriter();
    let pending = offset < size ? read(offset) : null;
    try {
      while (offset < size && pending) {
        const data = await pending;
        if (stale()) return;
        const blockStart = offset;
        const blockEnd = offset + data.byteLength;
        // Read ahead one block while this one waits for room in the channel.
        pending = blockEnd < size ? read(blockEnd) : null;
        for (let at = 0; at < data.byteLength;) {
          const length = Math.min(payload, data.byteLength - at);
          while (channel.bufferedAmount > HIGH_WATER || offset + length - outgoing.acked > WINDOW) {
            await this.#sleep(state);
            if (stale()) return;
          }
          channel.send(frames.frame(stream, offset, new Uint8Array(data, at, length)));
          transfer.bytesOnWire += length;
          offset += length;
          at += length;
        }
        // Every frame of the block is out: it now goes to the hasher (transferred to the worker, no copy).
        this.#feed(source, blockStart, data);
      }
      const sha256 = await this.#digest(source);
      if (stale()) return;
      transfer.sha256 = sha256;
      this.#send(state, { t: 'end', id: transfer.id, sha256 });
      transfer.state = 'verifying';
      this.#changed(transfer);
    } catch {
      // send() throws once the channel is closing: the close handler interrupts the transfer.
      if (!stale() && !transfer.final && channel.readyState === 'open') this.#fail(state, transfer, 'storage');
    }
  }

  #sleep(state: PeerState): Promise<void> {
    return new Promise((resolve) => state.wakers.push(resolve));
  }

  #wake(state: PeerState): void {
    const wakers = state.wakers.splice(0);
    for (const wake of wakers) wake();
  }

  #hashOf(blob: Blob): { hasher: SourceHasher | null; digest: Promise<string> | null } {
    let entry = this.#hashes.get(blob);
    if (!entry) {
      entry = { hasher: this.#customDigest ? null : this.#newHasher(), digest: null };
      this.#hashes.set(blob, entry);
    }
    return entry;
  }

  #feed(blob: Blob, offset: number, data: ArrayBuffer): void {
    const entry = this.#hashOf(blob);
    if (entry.hasher && !entry.digest) entry.hasher.feed(offset, data);
  }

  /** The file's SHA-256: the fed hasher finishes (reading any part never fed), or the custom digest runs. */
  #digest(blob: Blob): Promise<string> {
    const entry = this.#hashOf(blob);
    entry.digest ??= entry.hasher ? entry.hasher.finish(blob) : this.#customDigest!(blob);
    return entry.digest;
  }

  // ---- bookkeeping ----

  #watchSink(transfer: Transfer, incoming: Incoming): void {
    if (!incoming.sink) return;
    incoming.sink.onPersisted = (offset) => {
      transfer.bytes = offset;
      transfer.meter.add(offset);
      const state = this.#peers.get(transfer.peerId);
      if (state && transfer.state === 'transferring' && (offset - incoming.lastAck >= ACK_EVERY || offset === transfer.size)) {
        incoming.lastAck = offset;
        this.#send(state, { t: 'ack', id: transfer.id, offset });
      }
      this.#progress(transfer);
    };
  }

  #interrupt(transfer: Transfer): void {
    const outgoing = this.#outgoing.get(transfer.id)!;
    outgoing.attempt++;
    transfer.state = 'interrupted';
    transfer.meter.reset();
    if (outgoing.expiry) clearTimeout(outgoing.expiry);
    outgoing.expiry = setTimeout(() => {
      if (transfer.state === 'interrupted') this.#finish(transfer, 'failed', 'expired');
    }, RESUME_WINDOW_MS);
    this.#changed(transfer);
  }

  #fail(state: PeerState, transfer: Transfer, problem: TransferProblem): void {
    this.#send(state, { t: 'cancel', id: transfer.id, reason: 'error' });
    this.#finish(transfer, 'failed', problem);
  }

  #finish(transfer: Transfer, state: TransferState, problem: TransferProblem | null = null): void {
    if (transfer.final) return;
    transfer.state = state;
    transfer.problem = problem;
    transfer.finishedAt = Date.now();
    const outgoing = this.#outgoing.get(transfer.id);
    if (outgoing) {
      outgoing.attempt++;
      if (outgoing.expiry) clearTimeout(outgoing.expiry);
      outgoing.expiry = null;
      for (const peer of this.#peers.values()) {
        peer.queue = peer.queue.filter((t) => t !== transfer);
        this.#wake(peer);
      }
    }
    const incoming = this.#incoming.get(transfer.id);
    if (incoming && state !== 'done') {
      const sink = incoming.sink;
      incoming.sink = null;
      if (sink) void sink.abort();
      void this.storage.forget(transfer.id).catch(() => undefined);
    }
    this.#changed(transfer);
  }

  #mine(state: PeerState, id: string, direction: 'outgoing' | 'incoming'): Transfer | undefined {
    const transfer = this.#transfers.get(id);
    return transfer && transfer.direction === direction && transfer.peerId === state.peer.id ? transfer : undefined;
  }

  #send(state: PeerState, message: FileWire): void {
    if (state.channel.readyState !== 'open') return;
    try {
      state.channel.send(JSON.stringify(message));
    } catch {
      // closing: the close handler takes it from here
    }
  }

  #add(transfer: Transfer): void {
    this.#transfers.set(transfer.id, transfer);
    this.emit('transfer', transfer);
  }

  #changed(transfer: Transfer): void {
    this.#lastProgress.set(transfer.id, Date.now());
    this.emit('update', transfer);
  }

  #progress(transfer: Transfer): void {
    const now = Date.now();
    if (now - (this.#lastProgress.get(transfer.id) ?? 0) < PROGRESS_EVERY_MS && transfer.bytes < transfer.size) return;
    this.#changed(transfer);
  }
}
