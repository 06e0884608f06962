import { FRAME_HEADER_BYTES, type FileWire } from '@parley/protocol';
import { FrameWriter } from '../framing.js';
import { randomId } from '../secrets.js';
import { sanitizeFileName, sanitizeMimeType } from '../sanitize.js';
import type { SourceHasher } from '../sourceHash.js';
import { Transfer } from '../Transfer.js';
import type { FileChannel } from './FileChannel.js';
import { answerResume } from './TransferResume.js';
import type { TransferTable } from './TransferTable.js';

/** The sender reads its file this many bytes at a time (rounded down to whole frames). */
const READ_BLOCK_BYTES = 4 * 1024 * 1024;
/** Backpressure: stop handing frames to the channel above this, resume at `bufferedamountlow` (see FileChannel). */
const HIGH_WATER = 4 * 1024 * 1024;
/** Bytes the sender may have out beyond the receiver's last acknowledgement (bounds receiver memory and resume waste). */
const WINDOW = 8 * 1024 * 1024;
/** An interrupted outgoing transfer waits this long for the receiver to come back. */
const RESUME_WINDOW_MS = 15 * 60 * 1000;

interface Outgoing {
  source: Blob;
  key: string | null;
  acked: number;
  resumeFrom: number;
  /** Bumped whenever a send loop must stop (cancel, interruption, move to a new link). */
  attempt: number;
  expiry: ReturnType<typeof setTimeout> | null;
}

export interface FileSenderOptions {
  table: TransferTable;
  /** The open files channels by participant id. */
  channels: ReadonlyMap<string, FileChannel>;
  self: () => { id: string; name: string } | null;
  /** Data frame size in bytes, header included. */
  frameBytes: number;
  /** A custom SHA-256 of a whole file, or null to hash the slices as they are sent. */
  digest: ((blob: Blob) => Promise<string>) | null;
  newHasher: () => SourceHasher;
}

/**
 * The sending side: files offered to a peer, streamed once accepted (one at a time per peer,
 * read ahead in blocks, held back by the channel's buffer and the receiver's acknowledgements),
 * hashed while they go out, and continued from the receiver's offset after a resume.
 */
export class FileSender {
  readonly #options: FileSenderOptions;
  readonly #outgoing = new Map<string, Outgoing>();
  /** Per outgoing file, whoever receives it: one hasher, one digest. */
  readonly #hashes = new WeakMap<Blob, { hasher: SourceHasher | null; digest: Promise<string> | null }>();
  #stream = 0;

  constructor(options: FileSenderOptions) {
    this.#options = options;
  }

  /** One transfer per file to the peer on `channel`; the offer goes out once the channel is open (by the caller). */
  /** `groups[i]` names file i's group: the same for every recipient of one offer. */
  offer(
    files: Blob[],
    channel: FileChannel,
    groups: readonly string[],
  ): { transfers: Transfer[]; message: Extract<FileWire, { t: 'offer' }> } {
    const transfers = files.map((blob, index) => {
      const transfer = new Transfer({
        id: randomId(),
        group: groups[index] ?? randomId(),
        direction: 'outgoing',
        name: sanitizeFileName(blob instanceof File ? blob.name : 'file'),
        size: blob.size,
        type: sanitizeMimeType(blob.type),
        peerId: channel.peer.id,
        peerName: channel.peer.name,
      });
      this.#outgoing.set(transfer.id, { source: blob, key: null, acked: 0, resumeFrom: 0, attempt: 0, expiry: null });
      this.#options.table.add(transfer);
      return transfer;
    });
    const described = transfers.map(({ id, name, size, type }) => ({ id, name, size, type }));
    return { transfers, message: { t: 'offer', files: described } };
  }

  onAccept(channel: FileChannel, id: string, key: string): void {
    const { table } = this.#options;
    const transfer = table.mine(channel, id, 'outgoing');
    const outgoing = this.#outgoing.get(id);
    if (!transfer || !outgoing || transfer.state !== 'offered') return;
    outgoing.key = key;
    transfer.state = 'waiting';
    table.changed(transfer);
    channel.queue.push(transfer);
    this.pump(channel);
  }

  onDecline(channel: FileChannel, id: string): void {
    const transfer = this.#options.table.mine(channel, id, 'outgoing');
    if (transfer && !transfer.final) this.#options.table.finish(transfer, 'declined');
  }

  /** The receiver stored up to `offset`: the window moves on. */
  onAck(channel: FileChannel, id: string, offset: number): void {
    const { table } = this.#options;
    const transfer = table.mine(channel, id, 'outgoing');
    const outgoing = this.#outgoing.get(id);
    if (!transfer || !outgoing || transfer.final) return;
    outgoing.acked = Math.min(transfer.size, Math.max(outgoing.acked, offset));
    transfer.bytes = outgoing.acked;
    transfer.meter.add(transfer.bytes);
    table.progress(transfer);
    channel.wake();
  }

  /** The receiver's verdict on the hash. */
  onDone(channel: FileChannel, id: string, ok: boolean): void {
    const transfer = this.#options.table.mine(channel, id, 'outgoing');
    if (!transfer || transfer.final) return;
    transfer.bytes = transfer.size;
    this.#options.table.finish(transfer, ok ? 'done' : 'failed', ok ? null : 'hash-mismatch');
  }

  /** A receiver back on a new link asks to continue from `offset` (see TransferResume). */
  async onResume(channel: FileChannel, request: Extract<FileWire, { t: 'resume' }>): Promise<void> {
    const { table, channels } = this.#options;
    const transfer = table.get(request.id);
    const outgoing = this.#outgoing.get(request.id);
    const self = this.#options.self();
    if (!transfer || !outgoing?.key || transfer.direction !== 'outgoing' || transfer.final || !self) return;
    if (request.offset > transfer.size) return;
    const answer = await answerResume(outgoing.key, request, channel.peer.id, self.id);
    if (!answer || transfer.final || channels.get(channel.peer.id) !== channel) return;
    // Stop whatever was running on the old link, then continue on this one.
    outgoing.attempt++;
    if (outgoing.expiry) clearTimeout(outgoing.expiry);
    outgoing.expiry = null;
    const old = channels.get(transfer.peerId);
    if (old && old !== channel) {
      old.queue = old.queue.filter((t) => t !== transfer);
      if (old.active === transfer) old.active = null;
      old.wake();
      this.pump(old);
    }
    transfer.peerId = channel.peer.id;
    transfer.peerName = channel.peer.name;
    outgoing.resumeFrom = request.offset;
    outgoing.acked = request.offset;
    transfer.bytes = request.offset;
    transfer.resumes++;
    transfer.meter.reset();
    transfer.state = 'waiting';
    table.changed(transfer);
    channel.send({ t: 'resume-ok', id: request.id, proof: answer });
    channel.queue.push(transfer);
    this.pump(channel);
  }

  /** The link dropped: the transfer waits RESUME_WINDOW_MS for the receiver to come back. */
  interrupted(transfer: Transfer): void {
    const outgoing = this.#outgoing.get(transfer.id)!;
    // All sent and acknowledged: only the receiver's verdict is missing, nothing to resume.
    if (transfer.state === 'verifying' && outgoing.acked >= transfer.size) return;
    outgoing.attempt++;
    transfer.state = 'interrupted';
    transfer.meter.reset();
    if (outgoing.expiry) clearTimeout(outgoing.expiry);
    outgoing.expiry = setTimeout(() => {
      if (transfer.state === 'interrupted') this.#options.table.finish(transfer, 'failed', 'expired');
    }, RESUME_WINDOW_MS);
    this.#options.table.changed(transfer);
  }

  /** The transfer ended: its send loop stops and it leaves every queue. */
  finished(transfer: Transfer): void {
    const outgoing = this.#outgoing.get(transfer.id);
    if (!outgoing) return;
    outgoing.attempt++;
    if (outgoing.expiry) clearTimeout(outgoing.expiry);
    outgoing.expiry = null;
    for (const channel of this.#options.channels.values()) {
      channel.queue = channel.queue.filter((t) => t !== transfer);
      channel.wake();
    }
  }

  /** Starts the next accepted transfer to this peer, one at a time (the first file finishes first). */
  pump(channel: FileChannel): void {
    if (channel.active || !channel.open || this.#options.channels.get(channel.peer.id) !== channel) return;
    const next = channel.queue.shift();
    if (!next) return;
    channel.active = next;
    void this.#run(channel, next).finally(() => {
      if (channel.active === next) channel.active = null;
      this.pump(channel);
    });
  }

  async #run(channel: FileChannel, transfer: Transfer): Promise<void> {
    const { table, channels } = this.#options;
    const outgoing = this.#outgoing.get(transfer.id)!;
    const attempt = outgoing.attempt;
    const stale = () => outgoing.attempt !== attempt || transfer.final || channels.get(channel.peer.id) !== channel;
    const dataChannel = channel.channel;
    const stream = ++this.#stream;
    const maxMessage = channel.maxMessageSize();
    const payload = Math.min(this.#options.frameBytes, maxMessage > FRAME_HEADER_BYTES ? maxMessage : 65536) - FRAME_HEADER_BYTES;
    const source = outgoing.source;
    const size = transfer.size;
    let offset = outgoing.resumeFrom;
    transfer.state = 'transferring';
    table.changed(transfer);
    channel.send({ t: 'start', id: transfer.id, stream, offset });
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
          while (dataChannel.bufferedAmount > HIGH_WATER || offset + length - outgoing.acked > WINDOW) {
            await channel.sleep();
            if (stale()) return;
          }
          dataChannel.send(frames.frame(stream, offset, new Uint8Array(data, at, length)));
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
      channel.send({ t: 'end', id: transfer.id, sha256 });
      transfer.state = 'verifying';
      table.changed(transfer);
    } catch {
      // send() throws once the channel is closing: the close handler interrupts the transfer.
      if (!stale() && !transfer.final && channel.open) table.fail(channel, transfer, 'storage');
    }
  }

  #hashOf(blob: Blob): { hasher: SourceHasher | null; digest: Promise<string> | null } {
    let entry = this.#hashes.get(blob);
    if (!entry) {
      entry = { hasher: this.#options.digest ? null : this.#options.newHasher(), digest: null };
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
    entry.digest ??= entry.hasher ? entry.hasher.finish(blob) : this.#options.digest!(blob);
    return entry.digest;
  }
}
