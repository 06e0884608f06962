import { ParleyError, type MediaStateRequest, type SignalMessage, type SignalRequest } from '@parley/protocol';
import { roomChannel, type ParleyServerIo, type ParleySocket } from '../io/types.js';
import type { Participant } from '../rooms/Participant.js';
import type { RoomStore } from '../rooms/RoomStore.js';
import type { Member } from '../membership/Membership.js';
import { backlogVerdict } from './backlog.js';
import { SignalSequencer } from './SignalSequencer.js';

/** Where a signal for a receiver served by another node goes (several nodes: see cluster/relay.ts). */
export interface CrossNodeDelivery {
  (envelope: {
    socketId: string;
    roomId: string;
    participantId: string;
    senderSocketId: string;
    message: SignalMessage;
  }): 'delivered' | 'gone' | 'sent';
}

export interface SignalRelayOptions {
  io: ParleyServerIo;
  store: RoomStore;
  /** Several nodes: delivers on whichever node holds the receiver. */
  crossNode?: CrossNodeDelivery | undefined;
  /** Called for every signal relayed (metrics). */
  onRelayed?: () => void;
  /** Bytes that may wait for one receiver before signals to it are refused (see backlog.ts). */
  maxBacklogBytes: number;
}

/**
 * A receiver that does not read what it is sent must not make the server hold more and more for
 * it: above the bound the sender is refused (and may try again), far above it the receiver's
 * connection is closed (its client reconnects and resumes, as after a network blip).
 */
export function checkBacklog(receiver: ParleySocket, maxBytes: number): void {
  const verdict = backlogVerdict(receiver, maxBytes);
  if (verdict === 'ok') return;
  if (verdict === 'stalled') receiver.conn.close();
  throw new ParleyError('peer-busy', 'That participant is not receiving right now (their connection is stalled). Try again in a moment.');
}

/**
 * Relays SDP, ICE candidates and media state between members of one room. The sender is
 * stamped from the connection (a payload cannot name it), and every relayed signal carries a
 * per sender→receiver sequence number so a loss or duplicate shows.
 */
export class SignalRelay {
  readonly #options: SignalRelayOptions;
  readonly sequencer = new SignalSequencer();

  constructor(options: SignalRelayOptions) {
    this.#options = options;
  }

  async signal(socket: ParleySocket, member: Member, request: SignalRequest): Promise<void> {
    const target = await this.#target(member, request.to);
    const { io, crossNode, maxBacklogBytes } = this.#options;
    // Before numbering: a refused signal must not leave a gap in the receiver's sequence.
    const receiver = io.of('/').sockets.get(target.socketId);
    if (receiver) checkBacklog(receiver, maxBacklogBytes);
    const seq = this.sequencer.next(member.participantId, target.id);
    const from = member.participantId;
    const message: SignalMessage = request.description
      ? { from, seq, description: request.description }
      : { from, seq, candidate: request.candidate };
    if (!crossNode) io.to(target.socketId).emit('signal', message);
    else if (
      crossNode({ socketId: target.socketId, roomId: member.roomId, participantId: target.id, senderSocketId: socket.id, message }) ===
      'gone'
    ) {
      throw ParleyError.peerNotFound();
    }
    this.#options.onRelayed?.();
  }

  /**
   * Mic / camera / screen-share state: to the whole room, or with `to` to one member (how those
   * already there tell a newcomer). The server keeps no media state: each client re-announces
   * its own to newcomers, which stays true across restarts and nodes.
   */
  async mediaState(socket: ParleySocket, member: Member, request: MediaStateRequest): Promise<void> {
    const { to, ...state } = request;
    const message = { from: member.participantId, ...state };
    if (to === undefined) {
      socket.to(roomChannel(member.roomId)).emit('media-state', message);
      return;
    }
    const target = await this.#target(member, to);
    this.#options.io.to(target.socketId).emit('media-state', message);
  }

  /** "My tiles of you now play from the SFU", to one member. */
  async sfuReady(member: Member, to: string): Promise<void> {
    const target = await this.#target(member, to);
    this.#options.io.to(target.socketId).emit('sfu-ready', { from: member.participantId });
  }

  /** The participant left for good: its counters go (a resume keeps the id, so it keeps them until then). */
  forget(participantId: string): void {
    this.sequencer.forget(participantId);
  }

  /** Another member of the sender's room, never the sender itself. */
  async #target(member: Member, to: string): Promise<Participant> {
    const target = to === member.participantId ? null : await this.#options.store.get(member.roomId, to);
    if (!target) throw ParleyError.peerNotFound();
    return target;
  }
}
