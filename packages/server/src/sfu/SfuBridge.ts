import { randomInt } from 'node:crypto';
import {
  ParleyError,
  type RoomMode,
  type SfuAnswer,
  type SfuCandidate,
  type SfuLayerRequest,
  type SfuPublishRequest,
  type SfuRestartRequest,
  type SfuRestartResult,
  type SfuSession,
} from '@parley/protocol';
import type { Logger } from 'pino';
import type { RoomStore } from '../rooms/RoomStore.js';
import type { SfuPlacement } from '../rooms/RoomState.js';
import type { Member } from '../membership/Membership.js';
import { roomChannel, type ParleyServerIo, type ParleySocket } from '../io/types.js';
import type { JanusPool } from './JanusPool.js';
import { VideoRoomControl } from './videoRoomControl.js';
import { SfuPeer, sessionLost } from './SfuPeer.js';

export interface SfuBridgeOptions {
  pool: JanusPool;
  store: RoomStore;
  io: ParleyServerIo;
  log: Logger;
  /** Largest room that stays peer to peer (PARLEY_MESH_MAX). */
  meshMax: number;
  /** Publishers a VideoRoom admits: the SFU room cap. */
  maxParticipants: number;
}

/**
 * The server side of SFU mode: decides when a room moves to the SFU (the mode lives in the room
 * record, so every node agrees, with Redis too), places the room on a Janus instance, and keeps
 * one SfuPeer per participant connected through this node. Janus is never exposed to browsers.
 */
export class SfuBridge {
  readonly #options: SfuBridgeOptions;
  readonly #peers = new Map<string, SfuPeer>();
  /** VideoRooms being created by this node, so two publishers at once create one. */
  readonly #placing = new Map<string, Promise<SfuPlacement>>();
  /** One control handle per instance, for creating and destroying VideoRooms. */
  readonly #control = new VideoRoomControl();

  constructor(options: SfuBridgeOptions) {
    this.#options = options;
  }

  /**
   * After a join: a room that grew past the mesh threshold moves to the SFU (once, atomically in
   * the store) and everyone already in it hears `room-mode`. Returns the mode for the snapshot.
   */
  async afterJoin(socket: ParleySocket, roomId: string): Promise<RoomMode> {
    const { meshMax, pool } = this.#options;
    // With every Janus down the room stays peer to peer rather than moving to nothing.
    const sfuUp = pool.instances.some((instance) => instance.up);
    const change = await this.#options.store.update(roomId, (room) => {
      if (room.mode === 'mesh' && room.size > meshMax && sfuUp) {
        room.mode = 'sfu';
        return { mode: room.mode, switched: true };
      }
      return { mode: room.mode, switched: false };
    });
    if (!change) return 'mesh';
    if (change.switched) {
      this.#options.log.info({ room: roomId }, 'room moves to the SFU');
      socket.to(roomChannel(roomId)).emit('room-mode', { mode: 'sfu' });
    }
    return change.mode;
  }

  async publish(socket: ParleySocket, member: Member, request: SfuPublishRequest): Promise<SfuAnswer> {
    const { roomId, participantId } = member;
    const placement = await this.#placement(roomId);
    const instance = this.#options.pool.byUrl(placement.url);
    if (!instance?.up) throw new ParleyError('sfu-unavailable', 'The media server of this room is not reachable right now.');
    await this.#close(participantId);
    const peer = new SfuPeer({
      participantId,
      session: request.session,
      socket,
      instance,
      janusRoom: placement.janusRoom,
      log: this.#options.log,
    });
    this.#peers.set(participantId, peer);
    try {
      return await peer.publish(request);
    } catch (error) {
      await this.#close(participantId);
      throw janusError(error);
    }
  }

  async candidate(socket: ParleySocket, member: Member, request: SfuCandidate): Promise<void> {
    const peer = this.#peerOf(socket, member);
    await peer.trickle(request).catch((error: unknown) => {
      throw janusError(error);
    });
  }

  /**
   * ICE restart of one of the caller's SFU connections (its path was lost), on the same Janus
   * session and handles. Without a session for this socket (the server restarted, or the
   * participant was taken as gone) it is refused with `sfu-session-lost`: publish again then.
   */
  async restart(socket: ParleySocket, member: Member, request: SfuRestartRequest): Promise<SfuRestartResult> {
    const peer = this.#peers.get(member.participantId);
    if (!peer || peer.socket !== socket) throw sessionLost();
    try {
      if (request.connection === 'publisher') return { answer: await peer.restartPublisher(request.offer) };
      await peer.restartSubscriber();
      return { answer: null };
    } catch (error) {
      throw janusError(error);
    }
  }

  async layer(socket: ParleySocket, member: Member, request: SfuLayerRequest): Promise<void> {
    await this.#peerOf(socket, member)
      .setLayer(request.mid, request.substream)
      .catch((error: unknown) => {
        throw janusError(error);
      });
  }

  /**
   * The participant speaks over `socket` now (a blip of their signaling connection): their Janus
   * session, and the media on it, carries on; what it sends them goes the new way.
   */
  rebind(participantId: string, socket: ParleySocket): void {
    this.#peers.get(participantId)?.rebind(socket);
  }

  /** The SFU session `socket` holds for its participant (for the join snapshot of a resume), or null. */
  heldSession(participantId: string, socket: ParleySocket): SfuSession | null {
    const peer = this.#peers.get(participantId);
    return peer?.socket === socket ? peer.session : null;
  }

  /** `socket` no longer speaks for the participant (another node serves them now): its session here ends. */
  async superseded(participantId: string, socket: ParleySocket): Promise<void> {
    if (this.#peers.get(participantId)?.socket === socket) await this.#close(participantId);
  }

  /** The participant left (or their connection is gone): leave Janus; the last one out removes the VideoRoom. */
  async participantLeft(roomId: string, participantId: string, roomEmpty: boolean): Promise<void> {
    await this.#close(participantId);
    if (!roomEmpty) return;
    const placement = this.#placing.get(roomId);
    this.#placing.delete(roomId);
    const placed = await placement?.catch(() => null);
    if (!placed) return;
    const instance = this.#options.pool.byUrl(placed.url);
    if (!instance?.up) return;
    const control = await this.#control.of(instance).catch(() => null);
    await control?.destroy({ room: placed.janusRoom }).catch(() => undefined);
  }

  /** Participants holding a Janus session through this node now. */
  get sessions(): readonly string[] {
    return [...this.#peers.keys()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.#peers.keys()].map((id) => this.#close(id)));
  }

  #peerOf(socket: ParleySocket, member: Member): SfuPeer {
    const peer = this.#peers.get(member.participantId);
    if (!peer || peer.socket !== socket) throw new ParleyError('not-in-room', 'Publish to the SFU first.');
    return peer;
  }

  async #close(participantId: string): Promise<void> {
    const peer = this.#peers.get(participantId);
    if (!peer) return;
    this.#peers.delete(participantId);
    await peer.close();
  }

  /** The room's VideoRoom: the one in the room record, else a new one on the least-loaded instance. */
  #placement(roomId: string): Promise<SfuPlacement> {
    let placing = this.#placing.get(roomId);
    if (!placing) {
      placing = this.#place(roomId);
      this.#placing.set(roomId, placing);
      placing.catch(() => this.#placing.delete(roomId));
    }
    return placing;
  }

  async #place(roomId: string): Promise<SfuPlacement> {
    const { store, pool, maxParticipants } = this.#options;
    const recorded = await store.update(roomId, (room) => ({ mode: room.mode, sfu: room.sfu }));
    if (!recorded || recorded.mode !== 'sfu') throw new ParleyError('not-in-room', 'This room is not in SFU mode.');
    if (recorded.sfu && pool.byUrl(recorded.sfu.url)?.up) return recorded.sfu;
    const instance = pool.place();
    const control = await this.#control.of(instance);
    // VideoRoom ids are numbers; random ones never collide with rooms of other Parley nodes.
    const { room: janusRoom } = await control.create({
      room: randomInt(1, 2 ** 47),
      description: 'parley',
      max_publishers: maxParticipants,
      // Janus asks publishers for a keyframe this often (seconds): a new subscriber waits at most that long.
      fir_freq: 2,
      notify_joining: false,
    });
    const placed = { url: instance.url, janusRoom };
    // Another node may have placed it meanwhile: the first placement recorded wins.
    const kept = await store.update(roomId, (room) => (room.sfu && pool.byUrl(room.sfu.url)?.up ? room.sfu : (room.sfu = placed)));
    if (kept && kept.janusRoom !== janusRoom) await control.destroy({ room: janusRoom }).catch(() => undefined);
    this.#options.log.info({ room: roomId, janus: (kept ?? placed).url }, 'room placed on the SFU');
    return kept ?? placed;
  }
}

/** Janus's refusals (janode errors) become a ParleyError; ours pass through. */
function janusError(error: unknown): unknown {
  if (error instanceof ParleyError) return error;
  return new ParleyError('sfu-unavailable', `The media server refused: ${(error as Error).message}`.slice(0, 300));
}
