import {
  ParleyError,
  isParleyError,
  type ErrorPayload,
  type JoinRequest,
  type ModerateRequest,
  type RecordingRequest,
  type SfuCandidate,
  type SfuLayerRequest,
  type SfuPublishRequest,
  type SfuRestartRequest,
  type SfuReadyRequest,
  type SignalRequest,
} from '@parley/protocol';
import type { Limits } from '../limits/Limits.js';
import type { ParleyMetrics } from '../ops/metrics.js';
import { handleJoin, handleLeave, handleRefreshIceServers, handleSignal, type SignalingDeps } from './handlers.js';
import { handleDisconnect, handleRecovered } from './presence.js';
import { handleModerate } from './moderation.js';
import type { ParleySocket } from './types.js';
import { handleMediaState } from './mediaState.js';
import { describeEvent, validateClientMessage } from './validate.js';

type AckFn = (result: unknown) => void;

/** Refusals that mean a client hit a limit: worth a warning in the log. */
const LIMIT_CODES: ReadonlySet<string> = new Set(['rate-limited', 'too-many-connections', 'too-many-rooms', 'message-too-large']);

/** What guards the signaling namespace: limits, metrics, and whether the server is shutting down. */
export interface SignalingGuard {
  limits: Limits;
  metrics: ParleyMetrics;
  /** True once shutdown began: new connections are refused. */
  draining: () => boolean;
}

/**
 * Wires the signaling handlers onto every connection. A connection middleware applies the
 * per-IP limit; a packet middleware applies the rate limit and validates each event before
 * any handler sees it; a refused event is answered (ack, or a `rejected` event when the
 * sender gave no ack) and dropped. No handler error can escape to crash the process.
 */
export function attachSignaling(deps: SignalingDeps, guard: SignalingGuard): void {
  const { log } = deps;
  const { limits, metrics } = guard;

  deps.io.use((socket, next) => {
    const refusal = guard.draining()
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

  deps.io.on('connection', (socket) => {
    metrics.connected();
    log.info({ socket: socket.id, address: socket.handshake.address, transport: socket.conn.transport.name }, 'connected');

    socket.use((packet, next) => {
      const [event, ...args] = packet as unknown[];
      const flooding = limits.takeMessage(socket);
      if (flooding) {
        disconnectFlooder(deps, guard, socket, event, flooding);
        return;
      }
      const result = validateClientMessage(event, args, limits.config.maxMessageBytes);
      if (!result.ok) {
        reject(deps, guard, socket, event, lastAck(args), result.error);
        return;
      }
      (packet as unknown[])[1] = result.payload;
      if (result.event !== 'join') {
        next();
        return;
      }
      limits.checkJoin((result.payload as JoinRequest).room).then(
        (refusal) => (refusal ? reject(deps, guard, socket, event, lastAck(args), refusal) : next()),
        (error: unknown) => {
          log.error({ err: error }, 'room limit check failed');
          reject(
            deps,
            guard,
            socket,
            event,
            lastAck(args),
            new ParleyError('server-error', 'The server could not handle this request. Try again.'),
          );
        },
      );
    });

    socket.on('join', (request, ack) =>
      respond(deps, guard, socket, 'join', ack, async () => {
        const result = await handleJoin(deps, socket, request);
        if (result.ok) {
          metrics.joined();
          log.info({ socket: socket.id, room: result.value.room, participant: result.value.self.id }, 'joined');
        }
        return result;
      }),
    );
    socket.on('leave', (_request, ack) => respond(deps, guard, socket, 'leave', ack, () => leave(deps, socket)));
    socket.on('refresh-ice-servers', (_request, ack) =>
      respond(deps, guard, socket, 'refresh-ice-servers', ack, () => handleRefreshIceServers(deps, socket)),
    );
    socket.on('signal', (request) =>
      respond(deps, guard, socket, 'signal', undefined, async () => {
        await handleSignal(deps, socket, request);
        return undefined;
      }),
    );
    socket.on('moderate', (request, ack) => respond(deps, guard, socket, 'moderate', ack, () => handleModerate(deps, socket, request)));
    socket.on('media-state', (request) =>
      respond(deps, guard, socket, 'media-state', undefined, async () => {
        await handleMediaState(deps, socket, request);
        return undefined;
      }),
    );
    // SFU mode (sfu/SfuBridge.ts): refused with `sfu-unavailable` on a server without Janus.
    const sfu = () =>
      deps.sfu ?? Promise.reject(new ParleyError('sfu-unavailable', 'This server has no SFU (PARLEY_JANUS_URLS is not set).'));
    const sfuEvent = <T>(event: string, run: (bridge: NonNullable<typeof deps.sfu>) => Promise<T>, ack?: unknown) =>
      respond(deps, guard, socket, event, ack, async () => run(await sfu()));
    socket.on('sfu-publish', (request, ack) =>
      sfuEvent('sfu-publish', async (bridge) => ({ ok: true, value: await bridge.publish(socket, request) }), ack),
    );
    socket.on('sfu-restart', (request, ack) =>
      sfuEvent('sfu-restart', async (bridge) => ({ ok: true, value: await bridge.restart(socket, request) }), ack),
    );
    socket.on('sfu-candidate', (request) => sfuEvent('sfu-candidate', (bridge) => bridge.candidate(socket, request)));
    socket.on('sfu-layer', (request) => sfuEvent('sfu-layer', (bridge) => bridge.layer(socket, request)));
    socket.on('sfu-ready', (request) => sfuEvent('sfu-ready', (bridge) => bridge.ready(socket, request)));
    // Server-side recording (sfu/recording/): host only, refused on a server without it.
    socket.on('recording', (request, ack) =>
      respond(deps, guard, socket, 'recording', ack, async () => {
        if (!deps.recorder) throw new ParleyError('sfu-unavailable', 'Recording is off on this server (PARLEY_RECORDINGS_DIR is not set).');
        return { ok: true, value: await deps.recorder.handle(socket, request) };
      }),
    );
    socket.on('disconnect', (reason) => {
      limits.release(socket);
      log.info({ socket: socket.id, reason }, 'disconnected');
      handleDisconnect(deps, socket, reason);
    });
    if (socket.recovered) {
      handleRecovered(deps, socket).catch((error: unknown) => log.error({ err: error }, 'recovery failed'));
    }
  });
}

/** An explicit leave (the sequence counters go with the participant: see removeParticipant). */
async function leave(deps: SignalingDeps, socket: ParleySocket): ReturnType<typeof handleLeave> {
  const { participantId, roomId } = socket.data;
  const result = await handleLeave(deps, socket);
  if (participantId) deps.log.info({ socket: socket.id, room: roomId, participant: participantId }, 'left');
  return result;
}

/** Told why (a `rejected` event, code `rate-limited`), then disconnected; nobody else is affected. */
function disconnectFlooder(deps: SignalingDeps, guard: SignalingGuard, socket: ParleySocket, event: unknown, error: ParleyError): void {
  if (!socket.connected) return;
  reject(deps, guard, socket, event, undefined, error);
  socket.disconnect(true);
}

async function respond(
  deps: SignalingDeps,
  guard: SignalingGuard,
  socket: ParleySocket,
  event: string,
  ack: unknown,
  run: () => Promise<unknown>,
): Promise<void> {
  try {
    const result = await run();
    if (typeof ack === 'function' && result !== undefined) (ack as AckFn)(result);
  } catch (error) {
    if (!isParleyError(error)) deps.log.error({ err: error, event }, 'handler failed');
    const refusal = isParleyError(error) ? error : new ParleyError('server-error', 'The server could not handle this request. Try again.');
    reject(deps, guard, socket, event, typeof ack === 'function' ? (ack as AckFn) : undefined, refusal);
  }
}

function reject(
  deps: SignalingDeps,
  guard: SignalingGuard,
  socket: ParleySocket,
  event: unknown,
  ack: AckFn | undefined,
  error: ParleyError,
): void {
  guard.metrics.rejected(error.code);
  // The reason and the event name only: never the payload (SDP, candidates, names).
  const level = LIMIT_CODES.has(error.code) ? 'warn' : error.code === 'peer-not-found' ? 'debug' : 'info';
  deps.log[level]({ socket: socket.id, event: describeEvent(event), code: error.code }, 'rejected');
  const payload: ErrorPayload = error.toPayload();
  if (ack) ack({ ok: false, error: payload });
  else socket.emit('rejected', { event: describeEvent(event), error: payload });
}

function lastAck(args: unknown[]): AckFn | undefined {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (last as AckFn) : undefined;
}
