import type { FastifyInstance } from 'fastify';
import type { NodeList, ServerInfo } from '@parley/protocol';
import { newRoomId } from '../rooms/ids.js';
import type { RoomStore } from '../rooms/RoomStore.js';
import { route } from './route.js';

export interface ApiDeps {
  store: RoomStore;
  /** Several nodes: whether Redis answers; null for a single node (no Redis). */
  redisReachable: (() => boolean) | null;
  /** The nodes a client may move to when its own dies, this one first. */
  nodes: () => Promise<NodeList>;
  info: ServerInfo;
}

/** Parley's own JSON endpoints (protocol/contract/http.ts), except the recording ones (sfu/recording/). */
export function registerApi(app: FastifyInstance, deps: ApiDeps): void {
  /**
   * Liveness and a glance at load, for probes and people. With Redis away the node still
   * answers (it keeps serving what it can): `redis: "unreachable"` says what is wrong.
   */
  route(app, 'health', async () => {
    const redis = deps.redisReachable ? { redis: deps.redisReachable() ? ('reachable' as const) : ('unreachable' as const) } : {};
    const load = await deps.store.stats().catch(() => ({ rooms: null, participants: null }));
    return { status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()), ...load, ...redis };
  });

  /** A new room id. Rooms exist as soon as someone joins, so this only mints the id. */
  route(app, 'createRoom', async (_request, reply) => reply.code(201).send({ roomId: newRoomId() }));

  /**
   * How many are in a room now, for the lobby: a mistyped link then says nobody is there
   * instead of silently starting a new meeting. Anyone with the link may know; names are only
   * for those who join (a password keeps them out).
   */
  route(app, 'roomPresence', async ({ params }) => {
    const [members, status] = await Promise.all([deps.store.members(params.room), deps.store.status(params.room)]);
    return {
      participants: members.length,
      passwordProtected: status?.passwordProtected ?? false,
      locked: status?.locked ?? false,
      waitingRoom: status?.waitingRoom ?? false,
      // A lobby can say before the join that software which cannot encrypt will be kept out.
      e2ee: status?.e2ee ?? false,
    };
  });

  /** The nodes of the deployment (the client SDK's fetchNodeUrls). */
  route(app, 'nodes', async () => deps.nodes());

  /**
   * What the web app may know about how it is served: the secure address to send people to
   * when a page was opened over plain http:// on a network address (no camera there).
   */
  route(app, 'serverInfo', async () => deps.info);
}
