import type { RemoteParticipant } from '../RemoteParticipant.js';
import type { RoomEvents } from '../RoomEvents.js';
import type { SafeEmitter } from '../SafeEmitter.js';
import { closeDelivered, type DataChannels } from './channels.js';
import { Chat } from './Chat.js';
import { FileTransfers, type FileTransfersOptions } from './transfers/FileTransfers.js';

/** Options for the room's file transfers (storage and digest are injectable for tests and Node apps). */
export type RoomFileOptions = Omit<FileTransfersOptions, 'self'>;

/**
 * What the data side needs of a room: who we are, and who comes and goes. The Room satisfies it;
 * depending on this instead of the Room keeps the data folder below the Room in the layers.
 */
export interface DataRoom {
  readonly self: { id: string; name: string } | null;
  on: SafeEmitter<RoomEvents>['on'];
}

/**
 * Connects a Room's peer links to its chat and file transfers: when a participant's link has
 * its data channels, chat and files start using them; when the participant leaves, they stop.
 * Leaving the room closes both: closing cascades from parent to child.
 */
export class DataHub {
  readonly chat: Chat;
  readonly files: FileTransfers;
  /** Each participant's data channels, once its link has them. */
  readonly #channels = new Map<string, DataChannels>();

  constructor(room: DataRoom, options: RoomFileOptions = {}) {
    const self = () => {
      const info = room.self;
      return info ? { id: info.id, name: info.name } : null;
    };
    this.chat = new Chat(self);
    this.files = new FileTransfers({ ...options, self });
    room.on('participant-joined', (participant) => this.#add(participant));
    room.on('participant-left', (participant) => {
      this.#channels.delete(participant.id);
      this.chat.detach(participant.id);
      this.files.detach(participant.id);
    });
    void this.files.restore();
  }

  /**
   * Closes every data channel and waits (at most `timeoutMs`) until each peer has received what
   * was sent on them (see closeDelivered): a last chat line or a declined file is not overtaken by
   * the leave, which signaling may carry faster than the data channel.
   */
  async drain(timeoutMs: number): Promise<void> {
    const all = [...this.#channels.values()].flatMap((channels) => [channels.chat, channels.files]);
    await Promise.all(all.map((channel) => closeDelivered(channel, timeoutMs)));
  }

  close(): void {
    this.chat.close();
    this.files.close();
  }

  #add(participant: RemoteParticipant): void {
    const link = participant.link;
    const attach = (channels: DataChannels) => {
      this.#channels.set(participant.id, channels);
      this.chat.attach({ id: participant.id, name: participant.name, newcomerSide: link.initiator }, channels.chat);
      this.files.attach({ id: participant.id, name: participant.name }, channels.files, () => {
        // webrtc-pc §6.1.1: the largest message the remote accepts (Infinity = no limit).
        const max = link.pc.sctp?.maxMessageSize ?? 0;
        return Number.isFinite(max) && max > 0 ? max : 64 * 1024;
      });
    };
    if (link.dataChannels) attach(link.dataChannels);
    else link.on('data-channels', attach);
  }
}
