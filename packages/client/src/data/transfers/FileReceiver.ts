import { FRAME_HEADER_BYTES, type FileWire } from '@parley/protocol';
import { decodeFrame } from '../framing.js';
import { sanitizeFileName, sanitizeMimeType } from '../sanitize.js';
import { newTransferKey } from '../secrets.js';
import type { FileSink, IncomingStorage, PartialRecord } from '../storage.js';
import { Transfer, type TransferState } from '../Transfer.js';
import type { FileChannel } from './FileChannel.js';
import { resumeAnswered, resumeRequest } from './TransferResume.js';
import type { TransferTable } from './TransferTable.js';

/** The receiver acknowledges stored bytes this often. */
const ACK_EVERY = 1024 * 1024;
/** Offers from one participant still unanswered, at most (a flood is dropped). */
const MAX_PENDING_OFFERS = 500;

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

export interface FileReceiverOptions {
  table: TransferTable;
  /** The open files channels by participant id. */
  channels: ReadonlyMap<string, FileChannel>;
  self: () => { id: string; name: string } | null;
  storage: IncomingStorage;
  /** True once the room was left: nothing more is restored. */
  closed: () => boolean;
}

/**
 * The receiving side: offers listed until the person answers, accepted files streamed into
 * storage frame by frame (in order, or the transfer fails), acknowledged as they are stored,
 * verified against the sender's SHA-256, and resumed from the stored bytes after a drop or a
 * reload of the page.
 */
export class FileReceiver {
  readonly #options: FileReceiverOptions;
  readonly #incoming = new Map<string, Incoming>();

  constructor(options: FileReceiverOptions) {
    this.#options = options;
  }

  onOffer(channel: FileChannel, offer: Extract<FileWire, { t: 'offer' }>): void {
    const { table } = this.#options;
    const pending = [...table.values()].filter((t) => t.peerId === channel.peer.id && t.state === 'offered').length;
    for (const file of offer.files.slice(0, Math.max(0, MAX_PENDING_OFFERS - pending))) {
      if (table.has(file.id)) continue;
      const transfer = new Transfer({
        id: file.id,
        direction: 'incoming',
        name: sanitizeFileName(file.name),
        size: file.size,
        type: sanitizeMimeType(file.type),
        peerId: channel.peer.id,
        peerName: channel.peer.name,
      });
      this.#incoming.set(file.id, { key: null, sink: null, next: 0, lastAck: 0, expectedSha: null, askedResume: new Map() });
      table.add(transfer);
    }
  }

  /** The person accepts: storage is opened and the sender is asked to start. */
  async accept(id: string): Promise<void> {
    const { table, channels, storage } = this.#options;
    const transfer = table.get(id);
    const incoming = this.#incoming.get(id);
    if (!transfer || !incoming || transfer.direction !== 'incoming' || transfer.state !== 'offered') return;
    const channel = channels.get(transfer.peerId);
    if (transfer.size > storage.maxBytes) {
      channel?.send({ t: 'decline', id });
      table.finish(transfer, 'failed', 'too-large');
      return;
    }
    transfer.state = 'waiting';
    table.changed(transfer);
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
      incoming.sink = await storage.create(record);
    } catch {
      channel?.send({ t: 'decline', id });
      table.finish(transfer, 'failed', 'storage');
      return;
    }
    incoming.key = key;
    this.#watchSink(transfer, incoming);
    if (transfer.final) {
      void incoming.sink.abort();
      return;
    }
    const now = channels.get(transfer.peerId);
    if (now?.open) {
      transfer.state = 'transferring';
      now.send({ t: 'accept', id, key });
    } else {
      transfer.state = 'interrupted';
    }
    table.changed(transfer);
  }

  decline(id: string): void {
    const { table, channels } = this.#options;
    const transfer = table.get(id);
    if (!transfer || transfer.direction !== 'incoming' || transfer.state !== 'offered') return;
    channels.get(transfer.peerId)?.send({ t: 'decline', id });
    table.finish(transfer, 'declined');
  }

  /**
   * Transfers this browser accepted before a reload: their stored bytes were re-hashed by the
   * storage, and they wait (interrupted) for their sender to be in the room again.
   */
  async restore(): Promise<void> {
    const { table, storage } = this.#options;
    let restored: Array<{ record: PartialRecord; sink: FileSink }> = [];
    try {
      restored = await storage.restore();
    } catch {
      return;
    }
    for (const { record, sink } of restored) {
      if (this.#options.closed() || table.has(record.id)) {
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
      table.add(transfer);
    }
  }

  onStart(channel: FileChannel, start: Extract<FileWire, { t: 'start' }>): void {
    const { table } = this.#options;
    const transfer = table.mine(channel, start.id, 'incoming');
    const incoming = this.#incoming.get(start.id);
    if (!transfer || !incoming || transfer.final || !incoming.sink) return;
    if (start.offset !== incoming.next) {
      table.fail(channel, transfer, 'protocol');
      return;
    }
    for (const [stream, t] of channel.streams) if (t === transfer) channel.streams.delete(stream);
    channel.streams.set(start.stream, transfer);
    if (transfer.state !== 'transferring') {
      transfer.state = 'transferring';
      table.changed(transfer);
    }
    if (incoming.next === transfer.size) this.#maybeVerify(channel, transfer, incoming);
  }

  /** The hot path: one header read, checks, and the buffer goes to the sink (the worker, in browsers). */
  onFrame(channel: FileChannel, buffer: ArrayBuffer): void {
    const frame = decodeFrame(buffer);
    if (!frame) return;
    const transfer = channel.streams.get(frame.stream);
    if (!transfer || transfer.state !== 'transferring') return; // late frames of a cancelled transfer
    const incoming = this.#incoming.get(transfer.id)!;
    if (frame.offset !== incoming.next || incoming.next + frame.length > transfer.size || !incoming.sink) {
      this.#options.table.fail(channel, transfer, 'protocol');
      return;
    }
    try {
      incoming.sink.write(frame.offset, buffer, FRAME_HEADER_BYTES);
    } catch {
      this.#options.table.fail(channel, transfer, 'storage');
      return;
    }
    incoming.next += frame.length;
    transfer.bytesOnWire += frame.length;
  }

  onEnd(channel: FileChannel, id: string, sha256: string): void {
    const transfer = this.#options.table.mine(channel, id, 'incoming');
    const incoming = this.#incoming.get(id);
    if (!transfer || !incoming || transfer.final) return;
    incoming.expectedSha = sha256;
    this.#maybeVerify(channel, transfer, incoming);
  }

  /** The sender proved itself (see TransferResume): frames continue from what is stored. */
  onResumeOk(channel: FileChannel, id: string, received: string): void {
    const { table } = this.#options;
    const transfer = table.get(id);
    const incoming = this.#incoming.get(id);
    if (!transfer || !incoming?.key || transfer.direction !== 'incoming' || transfer.state !== 'interrupted') return;
    if (!resumeAnswered(incoming.askedResume.get(channel.peer.id), received)) return;
    transfer.peerId = channel.peer.id;
    transfer.peerName = channel.peer.name;
    transfer.resumes++;
    transfer.meter.reset();
    transfer.state = 'transferring';
    incoming.lastAck = incoming.next;
    table.changed(transfer);
  }

  /** Asks a newly connected peer to continue every interrupted incoming transfer. */
  async askResume(channel: FileChannel): Promise<void> {
    const self = this.#options.self();
    if (!self) return;
    for (const transfer of this.#options.table.values()) {
      const incoming = this.#incoming.get(transfer.id);
      if (transfer.direction !== 'incoming' || transfer.state !== 'interrupted' || !incoming?.key || !incoming.sink) continue;
      if (incoming.askedResume.has(channel.peer.id)) continue;
      incoming.askedResume.set(channel.peer.id, '');
      const offset = incoming.next;
      const { message, answer } = await resumeRequest(incoming.key, transfer.id, self.id, channel.peer.id, offset);
      incoming.askedResume.set(channel.peer.id, answer);
      if (this.#options.channels.get(channel.peer.id) === channel && transfer.state === 'interrupted') channel.send(message);
    }
  }

  /** The link dropped mid-transfer: the transfer waits for its sender (see askResume). */
  interrupted(transfer: Transfer): void {
    if (transfer.state !== 'transferring' && transfer.state !== 'waiting') return;
    transfer.state = 'interrupted';
    this.#options.table.changed(transfer);
  }

  /** The transfer ended: unless it was saved, its bytes are deleted. */
  finished(transfer: Transfer, state: TransferState): void {
    const incoming = this.#incoming.get(transfer.id);
    if (!incoming || state === 'done') return;
    const sink = incoming.sink;
    incoming.sink = null;
    if (sink) void sink.abort();
    void this.#options.storage.forget(transfer.id).catch(() => undefined);
  }

  /** The room is left: the file is let go of, its bytes kept for a later visit to resume. */
  release(transfer: Transfer): void {
    this.#incoming.get(transfer.id)?.sink?.release();
  }

  #maybeVerify(channel: FileChannel, transfer: Transfer, incoming: Incoming): void {
    const { table, channels, storage } = this.#options;
    if (transfer.state === 'verifying' || transfer.final) return;
    if (incoming.next !== transfer.size || !incoming.expectedSha || !incoming.sink) return;
    transfer.state = 'verifying';
    table.changed(transfer);
    const sink = incoming.sink;
    const expected = incoming.expectedSha;
    void (async () => {
      let actual: string;
      try {
        actual = await sink.finish();
      } catch {
        table.fail(channel, transfer, 'storage');
        return;
      }
      if (transfer.final) return;
      transfer.bytes = transfer.size;
      const current = channels.get(transfer.peerId) ?? channel;
      if (actual !== expected) {
        // Never saved silently: the bytes are deleted and both sides are told.
        current.send({ t: 'done', id: transfer.id, ok: false });
        table.finish(transfer, 'failed', 'hash-mismatch');
        return;
      }
      transfer.sha256 = actual;
      try {
        transfer.file = await sink.file(transfer.type);
      } catch {
        table.fail(channel, transfer, 'storage');
        return;
      }
      await storage.forget(transfer.id).catch(() => undefined);
      (channels.get(transfer.peerId) ?? channel).send({ t: 'done', id: transfer.id, ok: true });
      table.finish(transfer, 'done');
    })();
  }

  #watchSink(transfer: Transfer, incoming: Incoming): void {
    if (!incoming.sink) return;
    incoming.sink.onPersisted = (offset) => {
      transfer.bytes = offset;
      transfer.meter.add(offset);
      const channel = this.#options.channels.get(transfer.peerId);
      if (channel && transfer.state === 'transferring' && (offset - incoming.lastAck >= ACK_EVERY || offset === transfer.size)) {
        incoming.lastAck = offset;
        channel.send({ t: 'ack', id: transfer.id, offset });
      }
      this.#options.table.progress(transfer);
    };
  }
}
