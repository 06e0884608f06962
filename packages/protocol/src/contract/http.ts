import { z } from 'zod';
import { NodeListSchema } from '../nodes.js';
import { ErrorPayloadSchema, RoomIdSchema } from '../primitives.js';
import { RecordingFileNameSchema, RecordingIdSchema, RecordingSummarySchema } from '../recording.js';

/**
 * Who may call an HTTP endpoint:
 * - `none`: anyone who reaches the server;
 * - `session`: `Authorization: Bearer <resume token>` of a current member (checked per route);
 * - `ticket`: a short-lived ticket in the query, handed out by a `session` endpoint;
 * - `operator`: the operator's own credential (not a participant's).
 */
export type HttpAuth = 'none' | 'session' | 'ticket' | 'operator';

export interface HttpRouteSpec {
  readonly method: 'GET' | 'POST';
  /** Fastify-style path: `:name` segments are parameters. */
  readonly path: string;
  /** The path's parameters (`NoParams` when it has none). */
  readonly params: z.ZodType;
  /** The query string's fields (`AnyQuery` when none are read). */
  readonly query: z.ZodType;
  /** JSON body of a 2xx answer; `null` for a file or text body. */
  readonly response: z.ZodType | null;
  readonly auth: HttpAuth;
}

export const HealthSchema = z.object({
  status: z.literal('ok'),
  uptimeSeconds: z.number().int().nonnegative(),
  rooms: z.number().int().nonnegative().nullable(),
  participants: z.number().int().nonnegative().nullable(),
  /** Present with several nodes: whether this node reaches Redis. */
  redis: z.enum(['reachable', 'unreachable']).optional(),
});
export type Health = z.infer<typeof HealthSchema>;

export const NewRoomSchema = z.strictObject({ roomId: RoomIdSchema });
/**
 * What a lobby may know before joining: how many are in the meeting now (0: nobody, so joining
 * starts it), and whether joining asks a password or is closed by the host's lock. Anyone with
 * the link learns the same by trying to join.
 */
export const RoomPresenceSchema = z.strictObject({
  participants: z.number().int().nonnegative(),
  passwordProtected: z.boolean(),
  locked: z.boolean(),
  /** Newcomers wait for the host to let them in. */
  waitingRoom: z.boolean(),
  /** The room's media is end-to-end encrypted (see RoomStatus): software that cannot encrypt will be kept out. */
  e2ee: z.boolean().optional(),
});
export type RoomPresence = z.infer<typeof RoomPresenceSchema>;
export const ServerInfoSchema = z.strictObject({ httpsUrl: z.string().max(2048).nullable() });
export type ServerInfo = z.infer<typeof ServerInfoSchema>;
export const RecordingListSchema = z.strictObject({ recordings: z.array(RecordingSummarySchema).max(10_000) });
export type RecordingList = z.infer<typeof RecordingListSchema>;

/** A path without parameters. */
const NoParams = z.strictObject({});
/** A query nobody reads: whatever a cache buster adds is ignored. */
const AnyQuery = z.object({});

/** The body of every refused HTTP request (4xx, 5xx). */
export const HttpErrorSchema = z.object({ error: ErrorPayloadSchema });

/** THE table of Parley's HTTP API: the server registers its routes from it, clients parse answers with it. */
export const httpRoutes = {
  health: { method: 'GET', path: '/healthz', params: NoParams, query: AnyQuery, response: HealthSchema, auth: 'none' },
  createRoom: { method: 'POST', path: '/api/rooms', params: NoParams, query: AnyQuery, response: NewRoomSchema, auth: 'none' },
  roomPresence: {
    method: 'GET',
    path: '/api/rooms/:room',
    params: z.strictObject({ room: RoomIdSchema }),
    query: AnyQuery,
    response: RoomPresenceSchema,
    auth: 'none',
  },
  nodes: { method: 'GET', path: '/api/nodes', params: NoParams, query: AnyQuery, response: NodeListSchema, auth: 'none' },
  serverInfo: { method: 'GET', path: '/api/server-info', params: NoParams, query: AnyQuery, response: ServerInfoSchema, auth: 'none' },
  recordings: {
    method: 'GET',
    path: '/api/rooms/:room/recordings',
    params: z.strictObject({ room: RoomIdSchema }),
    query: AnyQuery,
    response: RecordingListSchema,
    auth: 'session',
  },
  recordingFile: {
    method: 'GET',
    path: '/api/recordings/:id/files/:name',
    params: z.strictObject({ id: RecordingIdSchema, name: RecordingFileNameSchema }),
    // Checked by the handler (a missing or expired ticket is a 403, not a malformed request).
    query: z.object({ ticket: z.string().max(128).optional() }),
    response: null,
    auth: 'ticket',
  },
} as const satisfies Record<string, HttpRouteSpec>;

export type HttpRoutes = typeof httpRoutes;
export type HttpRouteName = keyof HttpRoutes;
export type HttpResponse<R extends HttpRouteName> = HttpRoutes[R]['response'] extends z.ZodType
  ? z.output<HttpRoutes[R]['response']>
  : never;
export type HttpParams<R extends HttpRouteName> = z.output<HttpRoutes[R]['params']>;
export type HttpQuery<R extends HttpRouteName> = z.output<HttpRoutes[R]['query']>;

/** The same table typed per name, so generic code indexing it with `R` gets `R`'s own types (see requestSchemas). */
export const httpSchemas: {
  [R in HttpRouteName]: { readonly params: z.ZodType<HttpParams<R>>; readonly query: z.ZodType<HttpQuery<R>> };
} = httpRoutes;

/** The path of `route` with its parameters filled in (each URI-encoded). */
export function httpPath<R extends HttpRouteName>(route: R, params: HttpParams<R>): string {
  const values: Record<string, string> = params;
  return httpRoutes[route].path.replace(/:([A-Za-z]+)/g, (_match, name: string) => encodeURIComponent(values[name] ?? ''));
}
