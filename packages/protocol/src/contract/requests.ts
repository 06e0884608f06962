import { z } from 'zod';
import { IceConfigSchema, RefreshIceServersRequestSchema } from '../ice.js';
import { JoinRequestSchema, JoinSnapshotSchema, LeaveRequestSchema } from '../join.js';
import { MediaStateRequestSchema } from '../mediaState.js';
import { HandRequestSchema } from '../hands.js';
import { ReactionRequestSchema } from '../reactions.js';
import { BreakoutsRequestSchema } from '../breakouts.js';
import { ModerateRequestSchema } from '../moderation.js';
import { RecordingRequestSchema, RecordingStateSchema } from '../recording.js';
import {
  SfuAnswerSchema,
  SfuCandidateSchema,
  SfuLayerRequestSchema,
  SfuPublishRequestSchema,
  SfuReadyRequestSchema,
  SfuRestartRequestSchema,
  SfuRestartResultSchema,
} from '../sfu.js';
import { SignalRequestSchema } from '../signal.js';

/**
 * What the server checks before a request reaches its handler:
 * - `none`: anyone connected (join, leave);
 * - `member`: the connection speaks for a participant of a room;
 * - `host`: a member who may moderate the room (its host, or an access token's `moderate` grant);
 * - `sfu`: a member, on a server with an SFU.
 */
export const GUARDS = ['none', 'member', 'host', 'sfu'] as const;
export type Guard = (typeof GUARDS)[number];

/** `alive` carries nothing: its answer is the point. */
const AliveRequestSchema = z.strictObject({});

/** One client → server request: its payload, its acknowledgement (null: fire and forget) and its guard. */
export interface RequestSpec {
  readonly payload: z.ZodType;
  readonly ack: z.ZodType | null;
  readonly guard: Guard;
}

/**
 * THE table of client → server requests. The socket.io typings, the server's router (validate,
 * guard, dispatch to a typed handler) and the SDK's request helpers are all derived from it:
 * adding a request here is what makes it exist.
 */
export const clientRequests = {
  /** Enter a room; the ack carries the snapshot of who is there. */
  join: { payload: JoinRequestSchema, ack: JoinSnapshotSchema, guard: 'none' },
  /** Leave the current room (closing the socket does the same). Answered even when not in one. */
  leave: { payload: LeaveRequestSchema, ack: z.null(), guard: 'none' },
  /**
   * Is this connection still carrying anything? Answered at once. A client asks when one of its
   * media paths is lost, because a changed network (a new address, Wi-Fi to mobile) silently
   * kills the signaling connection too, and waiting for socket.io's ping to notice takes 15 s.
   */
  alive: { payload: AliveRequestSchema, ack: z.null(), guard: 'none' },
  /** Fresh ICE servers (new TURN credentials) for a participant already in a room. */
  'refresh-ice-servers': { payload: RefreshIceServersRequestSchema, ack: IceConfigSchema, guard: 'member' },
  /** Relay an SDP description or ICE candidate to one member of the same room. */
  signal: { payload: SignalRequestSchema, ack: null, guard: 'member' },
  /** Your mic / camera / screen-share state, for the room or (with `to`) one newcomer. */
  'media-state': { payload: MediaStateRequestSchema, ack: null, guard: 'member' },
  /** Raise or lower your own hand (the server keeps the room's queue and tells everyone). */
  hand: { payload: HandRequestSchema, ack: z.null(), guard: 'member' },
  /** Send a reaction to everyone else in the room (a few per person and second at most). */
  reaction: { payload: ReactionRequestSchema, ack: z.null(), guard: 'member' },
  /** A host's request: lock, remove, ask to mute, hand the role on, lower a hand, the waiting room, end the meeting. */
  moderate: { payload: ModerateRequestSchema, ack: z.null(), guard: 'host' },
  /** A host's breakout rooms: open them (with a timer or not), bring everyone back, or say something to every room. */
  breakouts: { payload: BreakoutsRequestSchema, ack: z.null(), guard: 'host' },
  /** SFU mode: publish camera, mic and screen slots to the SFU; the ack carries its answer. */
  'sfu-publish': { payload: SfuPublishRequestSchema, ack: SfuAnswerSchema, guard: 'sfu' },
  /** SFU mode: an ICE candidate of the publisher or subscriber connection. */
  'sfu-candidate': { payload: SfuCandidateSchema, ack: null, guard: 'sfu' },
  /** SFU mode: restart ICE on one connection whose path was lost; the ack carries Janus's answer (publisher). */
  'sfu-restart': { payload: SfuRestartRequestSchema, ack: SfuRestartResultSchema, guard: 'sfu' },
  /** SFU mode: the simulcast layer to receive on one subscribed video. */
  'sfu-layer': { payload: SfuLayerRequestSchema, ack: null, guard: 'sfu' },
  /** SFU mode: tell `to` that its media now reaches you through the SFU (it stops its mesh media to you). */
  'sfu-ready': { payload: SfuReadyRequestSchema, ack: null, guard: 'sfu' },
  /** SFU mode, host only: start or stop the server-side recording; the ack says the new state. */
  recording: { payload: RecordingRequestSchema, ack: RecordingStateSchema, guard: 'host' },
} as const satisfies Record<string, RequestSpec>;

export type ClientRequests = typeof clientRequests;
export type RequestName = keyof ClientRequests;
/** Every request name, in table order. */
export const REQUEST_NAMES = Object.keys(clientRequests) as RequestName[];

/** Requests answered with an ack, and messages sent without one. */
export type AckedRequestName = { [E in RequestName]: ClientRequests[E]['ack'] extends z.ZodType ? E : never }[RequestName];
export type MessageName = Exclude<RequestName, AckedRequestName>;

/** What a client sends for `E` (zod input) and what a handler receives once validated (zod output). */
export type RequestPayloadIn<E extends RequestName> = z.input<ClientRequests[E]['payload']>;
export type RequestPayload<E extends RequestName> = z.output<ClientRequests[E]['payload']>;
/** The value an ack of `E` carries when it succeeds. */
export type AckValue<E extends AckedRequestName> = ClientRequests[E]['ack'] extends z.ZodType ? z.output<ClientRequests[E]['ack']> : never;

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(clientRequests, name);
}

/**
 * The same table, typed per name, so that generic code indexing it with a name type `E` gets
 * `E`'s own payload type (TypeScript resolves a mapped type's property for a type parameter,
 * not a literal object's). Checked by assignment: it is the table itself.
 */
export const requestSchemas: {
  [E in RequestName]: { readonly payload: z.ZodType<RequestPayload<E>, RequestPayloadIn<E>> };
} = clientRequests;
