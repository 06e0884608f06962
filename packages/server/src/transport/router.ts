import { ParleyError, isParleyError, type ErrorPayload, type RequestName } from '@parley/protocol';
import type { Logger } from 'pino';
import type { ParleyServerIo, ParleySocket } from '../io/types.js';
import type { Limits } from '../limits/Limits.js';
import type { Membership } from '../membership/Membership.js';
import type { ParleyMetrics } from '../ops/metrics.js';
import type { Routes } from './routes.js';
import { checkEnvelope, describeEvent, parsePayload } from './validate.js';

type AckFn = (result: unknown) => void;

/** Refusals that mean a client hit a limit: worth a warning in the log. */
const LIMIT_CODES: ReadonlySet<string> = new Set([
  'rate-limited',
  'too-many-connections',
  'too-many-rooms',
  'message-too-large',
  'peer-busy',
]);

export interface RouterOptions {
  io: ParleyServerIo;
  routes: Routes;
  membership: Membership;
  limits: Limits;
  metrics: ParleyMetrics;
  log: Logger;
  /** True once shutdown began: new connections are refused. */
  draining: () => boolean;
  /** A connection closed (after membership heard it): what else it held lets go. */
  closed: (socket: ParleySocket) => Promise<void>;
}

/**
 * The signaling transport: a connection middleware applies the per-address limit; every event
 * then passes the rate limit, the envelope checks, its payload schema and its guard, in that
 * order, before its handler runs. A refusal is answered (the ack, or a `rejected` event when
 * the sender gave no ack) and nothing else happens. No handler error can escape to the process.
 */
export function attachRouter(options: RouterOptions): void {
  const { io, limits, metrics, log, membership } = options;

  io.use((socket, next) => {
    const refusal = options.draining()
      ? new ParleyError('server-shutdown', 'The server is restarting. Try again in a few seconds.')
      : limits.admit(socket);
    if (!refusal) {
      next();
      return;
    }
    metrics.rejected(refusal.code);
    log.warn({ socket: socket.id, address: socket.handshake.address, code: refusal.code }, 'connection refused');
    // socket.io hands `data` to the client's connect_error, so the refusal carries its reason.
    next(Object.assign(new Error(refusal.message), { data: refusal.toPayload() }));
    // Nothing else will be said on this transport: close it rather than let it idle.
    setImmediate(() => socket.conn.close());
  });

  io.on('connection', (socket) => {
    metrics.connected();
    log.info({ socket: socket.id, address: socket.handshake.address, transport: socket.conn.transport.name }, 'connected');
    // Every event is handled here; none reaches socket.on listeners.
    socket.use((packet) => {
      const [event, ...args]: unknown[] = packet;
      const ack = lastAck(args);
      const flooding = limits.takeMessage(socket);
      if (flooding) {
        if (!socket.connected) return;
        refuse(options, socket, event, undefined, flooding);
        socket.disconnect(true);
        return;
      }
      const envelope = checkEnvelope(event, args, limits.config.maxMessageBytes);
      if (!envelope.ok) return refuse(options, socket, event, ack, envelope.error);
      const tooMuch = limits.takeBytes(socket, envelope.bytes);
      if (tooMuch) {
        refuse(options, socket, event, undefined, tooMuch);
        socket.disconnect(true);
        return;
      }
      void dispatch(options, socket, envelope.event, envelope.raw, ack);
    });
    socket.on('disconnect', (reason) => {
      limits.release(socket);
      log.info({ socket: socket.id, reason }, 'disconnected');
      membership.disconnected(socket, reason);
      options.closed(socket).catch((error: unknown) => log.warn({ err: error }, 'cleanup after disconnect failed'));
    });
    if (socket.recovered) membership.recovered(socket).catch((error: unknown) => log.error({ err: error }, 'recovery failed'));
  });
}

/** Parses, guards and runs one request; answers its ack with the result, or refuses with the reason. */
async function dispatch<E extends RequestName>(
  options: RouterOptions,
  socket: ParleySocket,
  event: E,
  raw: unknown,
  ack: AckFn | undefined,
): Promise<void> {
  try {
    const value = await options.routes[event].run(socket, parsePayload(event, raw));
    if (event === 'join') options.metrics.joined();
    if (ack && value !== undefined) ack({ ok: true, value });
  } catch (error) {
    if (!isParleyError(error)) options.log.error({ err: error, event }, 'handler failed');
    const refusal = isParleyError(error) ? error : new ParleyError('server-error', 'The server could not handle this request. Try again.');
    refuse(options, socket, event, ack, refusal);
  }
}

function refuse(options: RouterOptions, socket: ParleySocket, event: unknown, ack: AckFn | undefined, error: ParleyError): void {
  options.metrics.rejected(error.code);
  // The reason and the event name only: never the payload (SDP, candidates, names).
  const level = LIMIT_CODES.has(error.code) ? 'warn' : error.code === 'peer-not-found' ? 'debug' : 'info';
  options.log[level]({ socket: socket.id, event: describeEvent(event), code: error.code }, 'rejected');
  const payload: ErrorPayload = error.toPayload();
  if (ack) ack({ ok: false, error: payload });
  else socket.emit('rejected', { event: describeEvent(event), error: payload });
}

function lastAck(args: unknown[]): AckFn | undefined {
  const last = args[args.length - 1];
  return isAck(last) ? last : undefined;
}

function isAck(value: unknown): value is AckFn {
  return typeof value === 'function';
}
