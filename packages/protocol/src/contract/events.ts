import type { z } from 'zod';
import { ParticipantInfoSchema } from '../primitives.js';
import { ParticipantLeftSchema, RejectedSchema, ServerShutdownSchema, SessionUpdateSchema } from '../join.js';
import { RaisedHandsEventSchema } from '../hands.js';
import { ReactionEventSchema } from '../reactions.js';
import { BreakoutAssignmentSchema, BreakoutMessageSchema, BreakoutsClosedSchema, BreakoutsEventSchema } from '../breakouts.js';
import { AdmissionEventSchema, WaitingRoomEventSchema } from '../waitingRoom.js';
import { MediaStateMessageSchema } from '../mediaState.js';
import { ModerationNoticeSchema, RoomStatusSchema } from '../moderation.js';
import { RecordingStateSchema } from '../recording.js';
import {
  RoomModeEventSchema,
  SfuAnswerSchema,
  SfuCandidateEventSchema,
  SfuOfferSchema,
  SfuReadyMessageSchema,
  SfuResetSchema,
} from '../sfu.js';
import { SignalMessageSchema } from '../signal.js';

/** One server → client event: its payload, and the client's answer when the server waits for one. */
export interface EventSpec {
  readonly payload: z.ZodType;
  readonly ack: z.ZodType | null;
}

/**
 * THE table of server → client events. The SDK validates every event against it once, at the
 * socket, and hands typed values on; the server's emits are typed from it.
 */
export const serverEvents = {
  /** Someone entered your room. */
  'participant-joined': { payload: ParticipantInfoSchema, ack: null },
  /** Someone left your room (any way out: leave, closed tab, lost network, removal, reload). */
  'participant-left': { payload: ParticipantLeftSchema, ack: null },
  /** An SDP or ICE candidate from another member, stamped and numbered by the server. */
  signal: { payload: SignalMessageSchema, ack: null },
  /** Someone's mic / camera / screen-share state changed (or was announced to you on join). */
  'media-state': { payload: MediaStateMessageSchema, ack: null },
  /** A message without an ack was refused; says which event and why. */
  rejected: { payload: RejectedSchema, ack: null },
  /** Host, lock or password changed (to everyone in the room). */
  'room-status': { payload: RoomStatusSchema, ack: null },
  /** A fresh resume token for this session. */
  session: { payload: SessionUpdateSchema, ack: null },
  /** The room's raised hands changed: the whole queue, in order. */
  'raised-hands': { payload: RaisedHandsEventSchema, ack: null },
  /** Someone else in the room reacted (shown briefly over their tile). */
  reaction: { payload: ReactionEventSchema, ack: null },
  /** To those who may moderate: who is waiting to be let in (the whole queue), at each change. */
  'waiting-room': { payload: WaitingRoomEventSchema, ack: null },
  /** To one person waiting: the host's answer to their knock. */
  admission: { payload: AdmissionEventSchema, ack: null },
  /** To everyone in a main room: its breakout rooms opened or closed. */
  breakouts: { payload: BreakoutsEventSchema, ack: null },
  /** To one person: the host sends you to this breakout room. */
  'breakout-assignment': { payload: BreakoutAssignmentSchema, ack: null },
  /** The host's message to every room of the meeting. */
  'breakout-message': { payload: BreakoutMessageSchema, ack: null },
  /** To everyone in a breakout room: go back to the main room. */
  'breakouts-closed': { payload: BreakoutsClosedSchema, ack: null },
  /** To one participant: removed by the host, the meeting ended, or asked to mute. */
  moderation: { payload: ModerationNoticeSchema, ack: null },
  /** The server is shutting down; reconnect (elsewhere) after the delay it gives. */
  'server-shutdown': { payload: ServerShutdownSchema, ack: null },
  /** The room moved its media to the SFU (or back to mesh). */
  'room-mode': { payload: RoomModeEventSchema, ack: null },
  /** SFU mode: a new offer for your subscriber connection; answer in the ack. */
  'sfu-offer': { payload: SfuOfferSchema, ack: SfuAnswerSchema },
  /** SFU mode: an ICE candidate of the SFU for one of your connections. */
  'sfu-candidate': { payload: SfuCandidateEventSchema, ack: null },
  /** SFU mode: `from` now receives you through the SFU. */
  'sfu-ready': { payload: SfuReadyMessageSchema, ack: null },
  /** SFU mode: your SFU session failed on the server and is closed; publish and subscribe again. */
  'sfu-reset': { payload: SfuResetSchema, ack: null },
  /** The room is (or is no longer) being recorded; also sent to each newcomer while it is. */
  'recording-state': { payload: RecordingStateSchema, ack: null },
} as const satisfies Record<string, EventSpec>;

export type ServerEvents = typeof serverEvents;
export type ServerEventName = keyof ServerEvents;
export const SERVER_EVENT_NAMES = Object.keys(serverEvents) as ServerEventName[];

/** What the server emits for `E` and what the client holds once it validated it. */
export type ServerEventPayload<E extends ServerEventName> = z.output<ServerEvents[E]['payload']>;
/** The client's answer to an event the server waits on. */
export type ServerEventAck<E extends ServerEventName> = ServerEvents[E]['ack'] extends z.ZodType ? z.output<ServerEvents[E]['ack']> : never;
