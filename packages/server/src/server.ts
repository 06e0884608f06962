import type { AddressInfo } from 'node:net';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { Server } from 'socket.io';
import type { Config } from './config.js';
import { registerApi } from './http/api.js';
import { registerMetrics } from './http/metrics.js';
import { Limits } from './limits/Limits.js';
import { ParleyMetrics } from './ops/metrics.js';
import { drain } from './ops/shutdown.js';
import { registerSecurityHeaders } from './http/securityHeaders.js';
import { registerWebApp } from './http/webApp.js';
import { MemoryRoomStore } from './rooms/MemoryRoomStore.js';
import type { RoomStore } from './rooms/RoomStore.js';
import { AccessTokens } from './auth/accessTokens.js';
import { serverSecret } from './auth/keys.js';
import { ResumeTokens } from './auth/resumeTokens.js';
import { RecoveryAdapter } from './io/RecoveryAdapter.js';
import type { ParleyServerIo } from './io/types.js';
import { DEPARTURE_GRACE_MS } from './membership/Departures.js';
import { Membership } from './membership/Membership.js';
import { Sessions } from './membership/sessions.js';
import { SignalRelay } from './relay/SignalRelay.js';
import { createGuards } from './transport/guards.js';
import { isAllowedOrigin } from './transport/origin.js';
import { attachRouter } from './transport/router.js';
import { createRoutes } from './transport/routes.js';
import { loadTlsMaterial, type TlsMaterial } from './tls/certificate.js';
import { isWildcardHost } from './tls/lan.js';
import { IceServerProvider } from './turn/IceServerProvider.js';
import { joinCluster, type Cluster } from './cluster/cluster.js';
import type { NodeLiveness } from './cluster/NodeLiveness.js';
import { relaySignal, type RelayEnvelope } from './cluster/relay.js';
import { runNode } from './cluster/runNode.js';
import { JanusPool } from './sfu/JanusPool.js';
import { SfuBridge } from './sfu/SfuBridge.js';
import { setUpRecording } from './sfu/recording/setUpRecording.js';
import type { RoomRecorder } from './sfu/recording/RoomRecorder.js';

/**
 * Transport frames above this are closed by engine.io before parsing (memory protection).
 * Between MAX_MESSAGE_BYTES (64 KiB) and this, a message is parsed and refused with an error.
 */
const TRANSPORT_MAX_BYTES = 1024 * 1024;
/** A transport that has not joined the signaling namespace by then is closed (default 45 s). */
const CONNECT_TIMEOUT_MS = 10_000;

export interface ParleyServer {
  app: FastifyInstance;
  io: ParleyServerIo;
  store: RoomStore;
  log: Logger;
  /** ICE servers and TURN credentials handed to participants. */
  ice: IceServerProvider;
  /** The certificate in use when serving HTTPS, else null. */
  tls: TlsMaterial | null;
  /** Start listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** The `http(s)://host:port` origin once listening (`localhost` for a wildcard bind). */
  url(): string;
  close(): Promise<void>;
  /** Prometheus metrics (also served at `/metrics`). */
  metrics: ParleyMetrics;
  /** Who is in which room: the one owner of joining and leaving (its `left` events say who left and why). */
  membership: Membership;
  /** Relays signals between members (its sequencer numbers them). */
  relay: SignalRelay;
  /** The Janus servers of SFU mode (PARLEY_JANUS_URLS), else null. */
  janus: JanusPool | null;
  /** The SFU side of rooms in SFU mode, else null. */
  sfu: SfuBridge | null;
  /** Several nodes over Redis (PARLEY_REDIS_URL), else null. */
  cluster: (Cluster & { liveness: NodeLiveness }) | null;
  /**
   * Graceful shutdown: refuse new connections, send `server-shutdown` to every client, let
   * them go, close. Resolves within `shutdownTimeout` seconds (or `timeoutMs`).
   */
  shutdown(options?: { timeoutMs?: number; reconnectInMs?: number }): Promise<void>;
}

export interface ParleyServerOptions {
  store?: RoomStore;
  /** The clock TURN credentials are minted with (tests skew it to mint expired ones). */
  now?: () => number;
}

export async function createParleyServer(config: Config, options: ParleyServerOptions = {}): Promise<ParleyServer> {
  const log = pino({
    level: config.logLevel,
    base: { service: 'parley' },
    // Defence in depth: handlers log ids and codes only, never payloads, credentials or SDP.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.sdp', '*.candidate', '*.credential', '*.password', '*.token'],
      censor: '[redacted]',
    },
  });
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  const tls = config.https ? await loadTlsMaterial({ tlsCert: config.tlsCert, tlsKey: config.tlsKey, dataDir: config.dataDir }) : null;
  // Fastify's type follows the server kind; the rest of Parley only uses what HTTP and HTTPS share.
  const app = Fastify({
    loggerInstance: log,
    logController: new LogController({ disableRequestLogging: !verbose }),
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
  }) as unknown as FastifyInstance;
  const ice = new IceServerProvider(config, options.now);
  const scheme = tls ? 'https' : 'http';
  const cluster = config.redisUrl ? await joinCluster(config.redisUrl, log) : null;
  const store = options.store ?? cluster?.store ?? new MemoryRoomStore();
  let draining = false;
  const redisReachable = cluster ? () => cluster.redis.status === 'ready' : null;
  const metrics = new ParleyMetrics({ store, connections: () => io.of('/').sockets.size, redisReachable });

  registerSecurityHeaders(app);
  registerApi(app, {
    store,
    redisReachable,
    nodes: () => ({ urls: liveness ? liveness.liveUrls() : [config.publicUrl ?? serverUrl()] }),
    info: { httpsUrl: config.publicUrl?.startsWith('https:') ? config.publicUrl : null },
  });
  registerMetrics(app, metrics);
  await registerWebApp(app, config.webRoot);

  const io: ParleyServerIo = new Server(app.server, {
    serveClient: false,
    maxHttpBufferSize: TRANSPORT_MAX_BYTES,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // A closed tab is detected at once (WebSocket close). A vanished client (crash, network
    // gone) within pingInterval + pingTimeout = 10 s: tighter timeouts disconnect healthy
    // clients whose busy phone or laptop answers a ping late.
    pingInterval: 5_000,
    pingTimeout: 5_000,
    // Several nodes: pages served by any node of the deployment may connect here (failover).
    allowRequest: (request, callback) =>
      callback(null, isAllowedOrigin(request.headers, [...config.allowedOrigins, ...(liveness?.origins() ?? [])])),
    // A blip shorter than the departure grace resumes the same socket (same id, rooms, data,
    // missed events replayed); longer, the client rejoins with its resume token.
    connectionStateRecovery: { maxDisconnectionDuration: DEPARTURE_GRACE_MS, skipMiddlewares: false },
    // Several nodes: the Redis Streams adapter (relays between nodes, recovery across them).
    // One node: the in-memory adapter, its missed-packet buffer swept to the recovery window.
    adapter: cluster ? cluster.adapter : RecoveryAdapter,
  });
  // SFU mode: rooms past PARLEY_MESH_MAX move to Janus, and the room cap is the SFU's.
  const janus = config.janusUrls.length > 0 ? new JanusPool(config.janusUrls, log) : null;
  await janus?.start();
  const maxParticipants = janus ? config.sfuMaxParticipants : config.maxParticipants;
  const secret = serverSecret(config.secret);
  const resume = new ResumeTokens(secret);
  const accessTokens = config.tokenSecret ? new AccessTokens(config.tokenSecret, options.now) : null;
  const sessions = new Sessions({ io, store, resume });
  const membership = new Membership({ io, store, sessions, log, maxParticipants });
  const relay = new SignalRelay({
    io,
    store,
    onRelayed: () => metrics.relayed(),
    crossNode: cluster ? (envelope: RelayEnvelope) => relaySignal(io, envelope) : undefined,
  });
  const sfu = janus ? new SfuBridge({ pool: janus, store, io, log, meshMax: config.meshMax, maxParticipants }) : null;
  // Server-side recording (PARLEY_RECORDINGS_DIR): Janus records, Parley converts and serves.
  const recorder =
    janus && config.recordingsDir
      ? setUpRecording(app, {
          dir: config.recordingsDir,
          pool: janus,
          store,
          io,
          log,
          secret,
          resume,
          operatorToken: config.operatorToken ?? null,
        })
      : null;
  subscribeToMembership({ membership, sessions, relay, sfu, recorder, log });
  const limits = new Limits(config, store);
  const guards = createGuards({ membership, store, sfu });
  const routes = createRoutes({ io, store, membership, sessions, relay, limits, ice, sfu, recorder, resume, accessTokens }, guards);
  attachRouter({ io, routes, membership, limits, metrics, log, draining: () => draining });
  // Read by allowRequest and /api/nodes above, which run only once the server listens.
  const liveness = cluster ? await runNode(cluster, { io, membership, resume, log }) : null;
  /** Stops beating (see NodeLiveness.stop) and closes the Redis connection. */
  const leaveCluster = (): void => {
    if (!cluster || !liveness) return;
    liveness.stop();
    cluster.redis.disconnect();
  };

  /** Every participant leaves Janus, then the pool's connections close. */
  const leaveSfu = async (): Promise<void> => {
    await recorder?.close();
    await sfu?.close();
    await janus?.close();
  };

  let port = config.port;
  function serverUrl(): string {
    const bound = isWildcardHost(config.host) ? 'localhost' : config.host;
    const host = bound.includes(':') ? `[${bound}]` : bound;
    return `${scheme}://${host}:${port}`;
  }
  return {
    app,
    io,
    store,
    log,
    ice,
    tls,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      port = (app.server.address() as AddressInfo).port;
      await liveness?.advertise(config.publicUrl ?? serverUrl());
      return port;
    },
    url: serverUrl,
    metrics,
    membership,
    relay,
    janus,
    sfu,
    cluster: cluster && liveness ? { ...cluster, liveness } : null,
    async close() {
      membership.close();
      io.local.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await app.close();
      await leaveSfu();
      leaveCluster();
    },
    async shutdown(shutdownOptions = {}) {
      await drain({
        io,
        log,
        stopAccepting: () => {
          draining = true;
          // No new TCP connections; open ones (WebSockets) stay until drained.
          app.server.close();
        },
        close: async () => {
          membership.close();
          await new Promise<void>((resolve) => io.close(() => resolve()));
          await app.close();
          await leaveSfu();
          leaveCluster();
        },
        timeoutMs: shutdownOptions.timeoutMs ?? config.shutdownTimeout * 1000,
        // Several nodes: close the transports instead, as a lost connection. Participants stay in
        // their rooms while they reconnect to another node (socket.io recovers their session
        // there, or their resume token resumes them in place): nobody sees them leave.
        ...(cluster ? { disconnectRest: () => io.of('/').sockets.forEach((socket) => socket.conn.close()) } : {}),
        ...(shutdownOptions.reconnectInMs !== undefined ? { reconnectInMs: shutdownOptions.reconnectInMs } : {}),
      });
    },
  };
}

/**
 * Who holds something of a participant, and lets go of it when they leave (whatever the way
 * out: see Membership.remove): the signal counters, the SFU session, the recording of an emptied
 * room, and the host role passed on (everyone hears it, with fresh resume tokens).
 */
function subscribeToMembership(parts: {
  membership: Membership;
  sessions: Sessions;
  relay: SignalRelay;
  sfu: SfuBridge | null;
  recorder: RoomRecorder | null;
  log: Logger;
}): void {
  const { membership, sessions, relay, sfu, recorder, log } = parts;
  membership.on('joined', ({ roomId, participant, socket, resumed }) => {
    log.info({ socket: socket.id, room: roomId, participant: participant.id, resumed }, 'joined');
  });
  membership.on('left', ({ roomId, participant, reason, roomEmpty, hostChanged }) => {
    log.info({ room: roomId, participant: participant.id, reason }, 'left');
    relay.forget(participant.id);
    sfu?.participantLeft(roomId, participant.id, roomEmpty).catch((error: unknown) => log.warn({ err: error }, 'sfu leave failed'));
    if (roomEmpty) recorder?.roomEmptied(roomId).catch((error: unknown) => log.warn({ err: error }, 'recording stop failed'));
    if (hostChanged) sessions.announce(roomId).catch((error: unknown) => log.warn({ err: error }, 'host change not announced'));
  });
}
