import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import { createHttpApp } from './app/http.js';
import { createLogger } from './app/logger.js';
import { withdrawKnock } from './access/waitingRoom.js';
import { subscribeToMembership } from './app/membershipSubscribers.js';
import { createSocketServer } from './app/socketServer.js';
import { startInOrder } from './app/Teardown.js';
import { AccessTokens } from './auth/accessTokens.js';
import { serverSecret } from './auth/keys.js';
import { ResumeTokens } from './auth/resumeTokens.js';
import { BreakoutTickets } from './auth/breakoutTickets.js';
import { BreakoutRoomsService } from './breakouts/BreakoutRoomsService.js';
import { joinCluster, type Cluster } from './cluster/cluster.js';
import type { NodeLiveness } from './cluster/NodeLiveness.js';
import { relaySignal, type RelayEnvelope } from './cluster/relay.js';
import { runNode } from './cluster/runNode.js';
import type { Config } from './config.js';
import { registerApi } from './http/api.js';
import { registerMetrics } from './http/metrics.js';
import { limitConnectionsPerAddress } from './http/connectionLimits.js';
import { registerSecurityHeaders } from './http/securityHeaders.js';
import { registerWebApp } from './http/webApp.js';
import type { ParleyServerIo } from './io/types.js';
import { Limits } from './limits/Limits.js';
import { Membership } from './membership/Membership.js';
import { Sessions } from './membership/sessions.js';
import { ParleyMetrics } from './ops/metrics.js';
import { drain } from './ops/shutdown.js';
import { SignalRelay } from './relay/SignalRelay.js';
import { MemoryRoomStore } from './rooms/MemoryRoomStore.js';
import type { RoomStore } from './rooms/RoomStore.js';
import { JanusPool } from './sfu/JanusPool.js';
import { setUpRecording } from './sfu/recording/setUpRecording.js';
import { SfuBridge } from './sfu/SfuBridge.js';
import { loadTlsMaterial, type TlsMaterial } from './tls/certificate.js';
import { isWildcardHost } from './tls/lan.js';
import { createGuards } from './transport/guards.js';
import { EngineSessions } from './transport/engineSessions.js';
import { HostPolicy } from './transport/hosts.js';
import { isAllowedOrigin } from './transport/origin.js';
import { Reactions } from './reactions/Reactions.js';
import { attachRouter } from './transport/router.js';
import { createRoutes } from './transport/routes.js';
import { IceServerProvider } from './turn/IceServerProvider.js';

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
  /** Where log lines go instead of standard output (the end-to-end tests keep them per test). */
  logDestination?: DestinationStream;
}

/**
 * Builds a server in one order (each part after what it needs) and gives it one close path:
 * every part registers how it closes as it starts (see Teardown), `close()` runs them last
 * started first, `shutdown()` drains clients and then runs the same steps. A start that fails
 * half way closes what it had opened (a Redis connection, Janus sessions) before rethrowing.
 */
export async function createParleyServer(config: Config, options: ParleyServerOptions = {}): Promise<ParleyServer> {
  const log = createLogger(config, options.logDestination);
  return startInOrder(log, async (teardown) => {
    const tls = config.https ? await loadTlsMaterial({ tlsCert: config.tlsCert, tlsKey: config.tlsKey, dataDir: config.dataDir }) : null;
    const app = createHttpApp(config, log, tls);
    const ice = new IceServerProvider(config, options.now);

    // Several nodes (PARLEY_REDIS_URL): the Redis connection first, closed last; this node stops
    // beating only then, so other nodes do not reap its participants while they move.
    const cluster = config.redisUrl ? await joinCluster(config.redisUrl, log) : null;
    let liveness: NodeLiveness | null = null;
    if (cluster) {
      teardown.add('cluster', () => {
        liveness?.stop();
        cluster.redis.disconnect();
      });
    }
    const store = options.store ?? cluster?.store ?? new MemoryRoomStore();

    // SFU mode (PARLEY_JANUS_URLS): rooms past PARLEY_MESH_MAX move to Janus, and the room cap is the SFU's.
    const janus = config.janusUrls.length > 0 ? new JanusPool(config.janusUrls, log) : null;
    if (janus) {
      await janus.start();
      teardown.add('janus', () => janus.close());
    }
    const maxParticipants = janus ? config.sfuMaxParticipants : config.maxParticipants;

    let port = config.port;
    const serverUrl = (): string => {
      const bound = isWildcardHost(config.host) ? 'localhost' : config.host;
      const host = bound.includes(':') ? `[${bound}]` : bound;
      return `${tls ? 'https' : 'http'}://${host}:${port}`;
    };
    // Who may reach this server at all: per-address connection caps, and only by its own names.
    limitConnectionsPerAddress(app.server, config.maxHttpConnectionsPerIp, log);
    const hosts = new HostPolicy(
      [
        ...(isWildcardHost(config.host) ? [] : [config.host]),
        ...(config.publicUrl ? [config.publicUrl] : []),
        ...config.allowedOrigins,
        ...config.allowedHosts,
      ],
      () => liveness?.liveUrls() ?? [],
    );
    app.addHook('onRequest', async (request, reply) => {
      if (hosts.allows(request.headers)) return;
      // RFC 9110 §15.5.20: 421, this server is not configured to answer for that name.
      await reply
        .code(421)
        .type('text/plain; charset=utf-8')
        .send(
          `Parley does not answer to the host name "${request.headers.host ?? ''}". Its operator can add it to PARLEY_ALLOWED_HOSTS or PARLEY_PUBLIC_URL.`,
        );
    });
    const io = createSocketServer(app.server, {
      // Several nodes: pages served by any node of the deployment may connect here (failover).
      allowRequest: (request, callback) =>
        callback(
          null,
          hosts.allows(request.headers) &&
            isAllowedOrigin(request.headers, [...config.allowedOrigins, ...(liveness?.origins() ?? [])]) &&
            engineSessions.admits(request),
        ),
      ...(cluster ? { adapter: cluster.adapter } : {}),
      recoveryMs: config.departureGrace * 1000,
    });
    // Twice the signaling limit: one who reaches that limit is told why by the namespace's refusal
    // (engine.io's would be a bare 403); bare sessions are still bounded.
    const engineSessions = new EngineSessions(io, 2 * config.maxConnectionsPerIp);
    const redisReachable = cluster ? () => cluster.redis.status === 'ready' : null;
    const metrics = new ParleyMetrics({ store, connections: () => io.of('/').sockets.size, redisReachable });
    // The nodes a page may move to are the ones its policy lets it connect to: one list for both.
    // A single node lists none, and its page stays on the origin it was opened at (a bound
    // address such as https://127.0.0.1 is not where a page opened at https://vm.local may go).
    const otherNodes = async (): Promise<string[]> => (liveness ? await liveness.liveUrlsNow() : []);
    registerSecurityHeaders(app, { connectTo: otherNodes, embeddedBy: config.allowedOrigins });
    registerApi(app, {
      store,
      redisReachable,
      nodes: async () => ({ urls: await otherNodes() }),
      info: { httpsUrl: config.publicUrl?.startsWith('https:') ? config.publicUrl : null },
    });
    registerMetrics(app, metrics);
    await registerWebApp(app, config.webRoot);

    const secret = serverSecret(config.secret);
    const resume = new ResumeTokens(secret);
    const tickets = new BreakoutTickets(secret);
    const accessTokens = config.tokenSecret ? new AccessTokens(config.tokenSecret, options.now) : null;
    const sfu = janus ? new SfuBridge({ pool: janus, store, io, log, meshMax: config.meshMax, maxParticipants }) : null;
    // Every participant leaves Janus before the pool's connections close.
    if (sfu) teardown.add('sfu', () => sfu.close());
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
    if (recorder) teardown.add('recorder', () => recorder.close());
    teardown.add('http', () => app.close());
    // Not io.close(): it waits for the HTTP server to close, which the 'http' step does (ending
    // every connection), while pages reconnecting meanwhile would keep it open.
    teardown.add('signaling', async () => {
      io.local.disconnectSockets(true);
      await io.of('/').adapter.close();
      io.engine.close();
    });

    const sessions = new Sessions({ io, store, resume });
    const membership = new Membership({ io, store, sessions, log, maxParticipants, departureGraceSeconds: config.departureGrace });
    teardown.add('membership', () => membership.close());
    const relay = new SignalRelay({
      io,
      store,
      onRelayed: () => metrics.relayed(),
      crossNode: cluster ? (envelope: RelayEnvelope) => relaySignal(io, envelope) : undefined,
      maxBacklogBytes: config.maxBacklogBytes,
    });
    const reactions = new Reactions();
    const breakouts = new BreakoutRoomsService({ io, store, tickets });
    teardown.add('breakouts', () => breakouts.dispose());
    subscribeToMembership({ io, store, membership, sessions, relay, reactions, sfu, recorder, log });
    const limits = new Limits(config, store);
    const guards = createGuards({ membership, store, sfu });
    // PARLEY_E2EE: rooms start end-to-end encrypted when the software that starts them can encrypt.
    const e2ee = config.e2ee;
    const routes = createRoutes(
      { io, store, membership, sessions, relay, reactions, breakouts, limits, ice, sfu, recorder, resume, accessTokens, tickets, e2ee },
      guards,
    );
    let draining = false;
    attachRouter({
      io,
      routes,
      membership,
      limits,
      metrics,
      log,
      draining: () => draining,
      // A knock waiting to be let in goes with its connection.
      closed: (socket) => withdrawKnock({ io, store }, socket),
    });
    // Read by allowRequest and /api/nodes above, which run only once the server listens.
    liveness = cluster ? await runNode(cluster, { io, membership, resume, log, maxBacklogBytes: config.maxBacklogBytes }) : null;

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
        // Everyone out now, as if each had left (no grace): then the parts close.
        if (!teardown.closing) io.local.disconnectSockets(true);
        await teardown.close();
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
          close: () => teardown.close(),
          timeoutMs: shutdownOptions.timeoutMs ?? config.shutdownTimeout * 1000,
          // Several nodes: close the transports instead, as a lost connection. Participants stay in
          // their rooms while they reconnect to another node (socket.io recovers their session
          // there, or their resume token resumes them in place): nobody sees them leave.
          ...(cluster ? { disconnectRest: () => io.of('/').sockets.forEach((socket) => socket.conn.close()) } : {}),
          ...(shutdownOptions.reconnectInMs !== undefined ? { reconnectInMs: shutdownOptions.reconnectInMs } : {}),
        });
      },
    };
  });
}
