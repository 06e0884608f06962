import type { Participant } from '../rooms/Participant.js';
import type { ParleySocket } from '../io/types.js';

/** Every way out of a room. Whatever the reason, Membership.remove runs the same teardown. */
export const DEPARTURE_REASONS = [
  /** The client said `leave`. */
  'left',
  /** The connection closed with a goodbye (the tab closed, the client disconnected). */
  'closed',
  /** The connection vanished and did not come back within the grace period. */
  'connection-lost',
  /** The host removed them. */
  'removed',
  /** A reload of the same tab took their place. */
  'replaced',
  /** The node serving them died (several nodes over Redis). */
  'node-lost',
  /** The connection closed while the join was under way. */
  'join-aborted',
] as const;
export type DepartureReason = (typeof DEPARTURE_REASONS)[number];

export interface JoinedEvent {
  roomId: string;
  participant: Participant;
  socket: ParleySocket;
  /** Same participant id as before (a resumed session): the others were never told it left. */
  resumed: boolean;
}

/** The same participant speaks over another connection of this node now (socket.io recovery, or a `resume` join). */
export interface ReconnectedEvent {
  roomId: string;
  participantId: string;
  socket: ParleySocket;
}

/**
 * A connection of this node that no longer speaks for its participant, who is still in the room
 * over a newer connection (a `resume` join that reached another node).
 */
export interface SupersededEvent {
  roomId: string;
  participantId: string;
  socket: ParleySocket;
}

export interface LeftEvent {
  roomId: string;
  participant: Participant;
  reason: DepartureReason;
  /** Nobody is left: the room is gone from the store. */
  roomEmpty: boolean;
  /** The role of host passed to someone else (or to nobody) with this departure. */
  hostChanged: boolean;
}

/**
 * Membership's domain events (a closed map: Node's typed EventEmitter refuses other names).
 * The SFU bridge, the recorder, the signal sequencer, session tokens and metrics subscribe;
 * none of them removes anyone itself.
 */
export interface MembershipEventMap {
  joined: [JoinedEvent];
  reconnected: [ReconnectedEvent];
  superseded: [SupersededEvent];
  left: [LeftEvent];
}
export const MEMBERSHIP_EVENTS = ['joined', 'reconnected', 'superseded', 'left'] as const satisfies readonly (keyof MembershipEventMap)[];
