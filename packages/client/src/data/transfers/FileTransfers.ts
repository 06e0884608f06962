import { FRAME_HEADER_BYTES, FileWireSchema, MAX_DATA_MESSAGE_CHARS, MAX_FILES_PER_OFFER, ParleyError } from '@parley/protocol';
import { eventNames, SafeEmitter } from '../../SafeEmitter.js';
import { parseJsonMessage, whenOpen } from '../channels.js';
import { diskStorageAvailable, OpfsStorage, WorkerSourceHasher } from '../opfs.js';
import { randomId } from '../secrets.js';
import { InlineSourceHasher } from '../sourceHash.js';
import { MemoryStorage, type IncomingStorage } from '../storage.js';
import type { Transfer } from '../Transfer.js';
import { FileChannel, type FilePeer } from './FileChannel.js';
import { FileReceiver } from './FileReceiver.js';
import { FileSender } from './FileSender.js';
import { TransferTable } from './TransferTable.js';

export type { FilePeer } from './FileChannel.js';

/** Largest data frame; Chrome accepts SCTP messages up to 256 KiB (its a=max-message-size). */
export const MAX_FRAME_BYTES = 256 * 1024;
/** `bufferedamountlow` fires below this (webrtc-pc §6.2): the sender's wait for room ends. */
const LOW_WATER = 1024 * 1024;

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

/**
 * File transfer over the `files` data channel of every PeerLink: offer → accept → stream, with
 * backpressure, acknowledgements, SHA-256 verification and resume. No upload server. The sending
 * side is FileSender, the receiving side FileReceiver, the resume handshake TransferResume, and
 * every transfer's state lives in the TransferTable; this class routes each peer's messages.
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
  readonly #channels = new Map<string, FileChannel>();
  readonly #table: TransferTable;
  readonly #sender: FileSender;
  readonly #receiver: FileReceiver;
  #closed = false;
  #restored: Promise<void> | null = null;

  constructor(options: FileTransfersOptions) {
    super();
    const browser = diskStorageAvailable();
    this.storage = options.storage ?? (browser ? new OpfsStorage() : new MemoryStorage());
    this.#table = new TransferTable({
      added: (transfer) => this.emit('transfer', transfer),
      changed: (transfer) => this.emit('update', transfer),
      finished: (transfer, state) => {
        this.#sender.finished(transfer);
        this.#receiver.finished(transfer, state);
      },
    });
    const shared = { table: this.#table, channels: this.#channels, self: options.self };
    this.#sender = new FileSender({
      ...shared,
      frameBytes: Math.max(FRAME_HEADER_BYTES + 1, Math.min(options.frameBytes ?? MAX_FRAME_BYTES, MAX_FRAME_BYTES)),
      digest: options.digest ?? null,
      newHasher: browser ? () => new WorkerSourceHasher() : () => new InlineSourceHasher(),
    });
    this.#receiver = new FileReceiver({ ...shared, storage: this.storage, closed: () => this.#closed });
  }

  /** Every transfer of this room, oldest first. */
  get transfers(): Transfer[] {
    return [...this.#table.values()];
  }

  get(id: string): Transfer | undefined {
    return this.#table.get(id);
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
    const targets = (to ?? [...this.#channels.keys()]).map((id) => this.#channels.get(id)).filter((c): c is FileChannel => !!c);
    const created: Transfer[] = [];
    const groups = list.map(() => randomId());
    for (const channel of targets) {
      const { transfers, message } = this.#sender.offer(list, channel, groups);
      created.push(...transfers);
      whenOpen(channel.channel, () => channel.send(message));
    }
    return created;
  }

  /** Accepts an incoming file: it streams to storage (disk where the browser allows) and is verified. */
  accept(id: string): Promise<void> {
    return this.#receiver.accept(id);
  }

  decline(id: string): void {
    this.#receiver.decline(id);
  }

  /** Cancels from either side; the other side is told when connected. */
  cancel(id: string): void {
    const transfer = this.#table.get(id);
    if (!transfer || transfer.final) return;
    this.#channels.get(transfer.peerId)?.send({ t: 'cancel', id, reason: 'cancelled' });
    this.#table.finish(transfer, 'cancelled');
  }

  /**
   * Transfers this browser accepted before a reload: their stored bytes are re-hashed, and they
   * resume by themselves when their sender is in the room. Called once by the DataHub.
   */
  restore(): Promise<void> {
    this.#restored ??= this.#receiver.restore().then(() => {
      for (const channel of this.#channels.values()) if (channel.open) void this.#receiver.askResume(channel);
    });
    return this.#restored;
  }

  /** Starts using one peer's files channel (called by the DataHub). */
  attach(peer: FilePeer, dataChannel: RTCDataChannel, maxMessageSize: () => number): void {
    this.detach(peer.id);
    dataChannel.binaryType = 'arraybuffer';
    dataChannel.bufferedAmountLowThreshold = LOW_WATER;
    const channel = new FileChannel(peer, dataChannel, maxMessageSize);
    const onMessage = (event: MessageEvent) => this.#onMessage(channel, event.data);
    const wake = () => channel.wake();
    const onClose = () => this.detach(peer.id);
    dataChannel.addEventListener('message', onMessage);
    dataChannel.addEventListener('bufferedamountlow', wake);
    dataChannel.addEventListener('close', onClose);
    // Registered first: an already open channel runs the callback at once, and it looks the peer up.
    this.#channels.set(peer.id, channel);
    const cancelOpen = whenOpen(dataChannel, () => {
      void this.#receiver.askResume(channel);
      this.#sender.pump(channel);
    });
    channel.stop = () => {
      cancelOpen();
      dataChannel.removeEventListener('message', onMessage);
      dataChannel.removeEventListener('bufferedamountlow', wake);
      dataChannel.removeEventListener('close', onClose);
    };
  }

  /** The link to `peerId` is gone: its transfers wait to resume (or end, if never accepted). */
  detach(peerId: string): void {
    const channel = this.#channels.get(peerId);
    if (!channel) return;
    channel.stop();
    this.#channels.delete(peerId);
    channel.wake();
    for (const transfer of this.#table.values()) {
      if (transfer.peerId !== peerId || transfer.final) continue;
      if (transfer.state === 'offered') this.#table.finish(transfer, 'cancelled', 'peer-gone');
      else if (transfer.direction === 'outgoing') this.#sender.interrupted(transfer);
      else this.#receiver.interrupted(transfer);
    }
  }

  /** The room is left: outgoing transfers end, incoming ones let go of their files (a later visit resumes them). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const id of [...this.#channels.keys()]) this.detach(id);
    for (const transfer of this.#table.values()) {
      if (transfer.final) continue;
      if (transfer.direction === 'outgoing') this.#table.finish(transfer, 'cancelled', 'peer-gone');
      else this.#receiver.release(transfer);
    }
    this.removeAllListeners();
  }

  #onMessage(channel: FileChannel, data: unknown): void {
    if (data instanceof ArrayBuffer) {
      this.#receiver.onFrame(channel, data);
      return;
    }
    const parsed = FileWireSchema.safeParse(parseJsonMessage(data, MAX_DATA_MESSAGE_CHARS));
    if (!parsed.success) return; // malformed: dropped
    const wire = parsed.data;
    switch (wire.t) {
      case 'offer':
        return this.#receiver.onOffer(channel, wire);
      case 'accept':
        return this.#sender.onAccept(channel, wire.id, wire.key);
      case 'decline':
        return this.#sender.onDecline(channel, wire.id);
      case 'start':
        return this.#receiver.onStart(channel, wire);
      case 'ack':
        return this.#sender.onAck(channel, wire.id, wire.offset);
      case 'end':
        return this.#receiver.onEnd(channel, wire.id, wire.sha256);
      case 'done':
        return this.#sender.onDone(channel, wire.id, wire.ok);
      case 'cancel': {
        const transfer = this.#table.get(wire.id);
        if (transfer && transfer.peerId === channel.peer.id && !transfer.final) this.#table.finish(transfer, 'cancelled');
        return;
      }
      case 'resume':
        return void this.#sender.onResume(channel, wire);
      case 'resume-ok':
        return this.#receiver.onResumeOk(channel, wire.id, wire.proof);
    }
  }
}
