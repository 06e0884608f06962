import { ParleyError, isParleyError, type ErrorPayload, type JoinRequest, type SignalRequest } from '@parley/protocol';
import { handleJoin, handleLeave, handleRefreshIceServers, handleSignal, type SignalingDeps } from './handlers.js';
import type { ParleySocket } from './types.js';
import { handleMediaState } from './mediaState.js';
import { describeEvent, validateClientMessage } from './validate.js';

type AckFn = (result: unknown) => void;

/**
 * Wires the signaling handlers onto every connection. A middleware validates each event
 * before any handler sees it; a refused event is answered (ack, or a `rejected` event when
 * the sender gave no ack) and dropped. No handler error can escape to crash the process.
 */
export function attachSignaling(deps: SignalingDeps): void {
  deps.io.on('connection', (socket) => {
    socket.use((packet, next) => {
      const [event, ...args] = packet as unknown[];
      const result = validateClientMessage(event, args);
      if (result.ok) {
        (packet as unknown[])[1] = result.payload;
        next();
        return;
      }
      reject(socket, event, lastAck(args), result.error);
    });

    socket.on('join', (request, ack) =>
      respond(deps, socket, 'join', ack, () => handleJoin(deps, socket, request as JoinRequest)),
    );
    socket.on('leave', (_request, ack) => respond(deps, socket, 'leave', ack, () => handleLeave(deps, socket)));
    socket.on('refresh-ice-servers', (_request, ack) =>
      respond(deps, socket, 'refresh-ice-servers', ack, () => handleRefreshIceServers(deps, socket)),
    );
    socket.on('signal', (request) =>
      respond(deps, socket, 'signal', undefined, async () => {
        await handleSignal(deps, socket, request as SignalRequest);
        return undefined;
      }),
    );
    socket.on('media-state', (request) =>
      respond(deps, socket, 'media-state', undefined, async () => {
        await handleMediaState(deps, socket, request);
        return undefined;
      }),
    );
    socket.on('disconnect', () => {
      handleLeave(deps, socket).catch((error: unknown) => deps.log.error({ err: error }, 'leave on disconnect failed'));
    });
  });
}

async function respond(
  deps: SignalingDeps,
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
    const refusal = isParleyError(error)
      ? error
      : new ParleyError('server-error', 'The server could not handle this request. Try again.');
    reject(socket, event, typeof ack === 'function' ? (ack as AckFn) : undefined, refusal);
  }
}

function reject(socket: ParleySocket, event: unknown, ack: AckFn | undefined, error: ParleyError): void {
  const payload: ErrorPayload = error.toPayload();
  if (ack) ack({ ok: false, error: payload });
  else socket.emit('rejected', { event: describeEvent(event), error: payload });
}

function lastAck(args: unknown[]): AckFn | undefined {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (last as AckFn) : undefined;
}
