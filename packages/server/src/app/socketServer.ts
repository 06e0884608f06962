import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { RecoveryAdapter } from '../io/RecoveryAdapter.js';
import type { ParleyServerIo } from '../io/types.js';

/**
 * Transport frames above this are closed by engine.io before parsing (memory protection).
 * Between MAX_MESSAGE_BYTES (64 KiB) and this, a message is parsed and refused with an error.
 */
const TRANSPORT_MAX_BYTES = 1024 * 1024;
/** A transport that has not joined the signaling namespace by then is closed (default 45 s). */
const CONNECT_TIMEOUT_MS = 10_000;

export interface SocketServerOptions {
  /** Whether a handshake may go on (its Origin and Host checked against the allowed ones). */
  allowRequest: NonNullable<ServerOptions['allowRequest']>;
  /** Several nodes: the Redis Streams adapter; one node: the in-memory one. */
  adapter?: ServerOptions['adapter'];
  /** How long a dropped connection may come back as itself (the departure grace). */
  recoveryMs: number;
}

/** The signaling server (socket.io) on the HTTP server, with Parley's timeouts and recovery. */
export function createSocketServer(http: HttpServer, options: SocketServerOptions): ParleyServerIo {
  const io: ParleyServerIo = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: TRANSPORT_MAX_BYTES,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // A closed tab is detected at once (WebSocket close). A vanished client (crash, network
    // gone) within pingInterval + pingTimeout = 15 s. The pong comes from the page's main
    // thread, which a busy phone or laptop can stall for seconds (5 s seen with six calls on
    // two cores): a tighter timeout disconnects people who are still there.
    pingInterval: 5_000,
    pingTimeout: 10_000,
    allowRequest: options.allowRequest,
    // A blip shorter than the departure grace resumes the same socket (same id, rooms, data,
    // missed events replayed); longer, the client rejoins with its resume token.
    connectionStateRecovery: { maxDisconnectionDuration: options.recoveryMs, skipMiddlewares: false },
    // One node: the in-memory adapter, its missed-packet buffer swept to the recovery window.
    adapter: options.adapter ?? RecoveryAdapter,
  });
  // engine.io keeps each session's first HTTP request for the whole connection; Parley checks it
  // before the session exists (allowRequest) and afterwards needs only the address, which the
  // session keeps itself (socket.io docs, "Memory usage"). This frees it for a session opened by
  // long-polling; a WebSocket's upgrade request stays reachable from engine.io's own upgrade
  // response (a `close` listener on the TCP socket) as long as the connection lives.
  io.engine.on('connection', (session: { request: unknown }) => {
    session.request = null;
  });
  return io;
}
