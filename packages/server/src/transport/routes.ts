import {
  ParleyError,
  type AckValue,
  type AckedRequestName,
  type ClientRequests,
  type Guard,
  type RequestName,
  type RequestPayload,
} from '@parley/protocol';
import { moderate, type ModerationDeps } from '../access/moderation.js';
import { withdrawKnock } from '../access/waitingRoom.js';
import { setOwnHand } from '../hands/raisedHands.js';
import type { ParleySocket } from '../io/types.js';
import type { Reactions } from '../reactions/Reactions.js';
import type { BreakoutRoomsService } from '../breakouts/BreakoutRoomsService.js';
import type { SignalRelay } from '../relay/SignalRelay.js';
import type { GuardChecks, GuardContexts } from './guards.js';
import { join, type JoinDeps } from './join.js';

/** What a request's handler returns: the ack's value, or nothing for a message without an ack. */
export type RouteResult<E extends RequestName> = E extends AckedRequestName ? AckValue<E> : void;

/** A request's guard and handler, bound together; the type ties the guard to the one the contract names. */
export interface Route<E extends RequestName> {
  readonly guard: ClientRequests[E]['guard'];
  run(socket: ParleySocket, payload: RequestPayload<E>): Promise<RouteResult<E>>;
}

/** One route per request of the contract: a request without a handler, or with the wrong guard, does not compile. */
export type Routes = { [E in RequestName]: Route<E> };

export interface RouteDeps extends JoinDeps, ModerationDeps {
  relay: SignalRelay;
  reactions: Reactions;
  breakouts: BreakoutRoomsService;
}

/** Binds a handler to its guard: the handler receives what the guard established. */
function guarded<G extends Guard, P, R>(
  guards: GuardChecks,
  guard: G,
  handler: (context: GuardContexts[G], payload: P) => Promise<R>,
): { guard: G; run(socket: ParleySocket, payload: P): Promise<R> } {
  const check = guards[guard];
  return { guard, run: async (socket, payload) => handler(await check(socket), payload) };
}

/** THE server handlers of `clientRequests`, each behind its guard. */
export function createRoutes(deps: RouteDeps, guards: GuardChecks): Routes {
  return {
    join: guarded(guards, 'none', ({ socket }, request: RequestPayload<'join'>) => join(deps, socket, request)),
    leave: guarded(guards, 'none', async ({ socket }, _request: RequestPayload<'leave'>) => {
      await withdrawKnock(deps, socket);
      await deps.membership.leave(socket, 'left');
      return null;
    }),
    alive: guarded(guards, 'none', async (_context, _request: RequestPayload<'alive'>) => null),
    'refresh-ice-servers': guarded(guards, 'member', async ({ member }, _request: RequestPayload<'refresh-ice-servers'>) =>
      deps.ice.forParticipant(member.participantId),
    ),
    signal: guarded(guards, 'member', ({ socket, member }, request: RequestPayload<'signal'>) =>
      deps.relay.signal(socket, member, request),
    ),
    'media-state': guarded(guards, 'member', ({ socket, member }, request: RequestPayload<'media-state'>) =>
      deps.relay.mediaState(socket, member, request),
    ),
    hand: guarded(guards, 'member', ({ member }, request: RequestPayload<'hand'>) => setOwnHand(deps, member, request.raised)),
    reaction: guarded(guards, 'member', ({ socket, member }, request: RequestPayload<'reaction'>) =>
      deps.reactions.send(socket, member, request.reaction),
    ),
    moderate: guarded(guards, 'host', ({ member }, request: RequestPayload<'moderate'>) => moderate(deps, member, request)),
    breakouts: guarded(guards, 'host', ({ member }, request: RequestPayload<'breakouts'>) => deps.breakouts.handle(member, request)),
    'sfu-publish': guarded(guards, 'sfu', ({ socket, member, sfu }, request: RequestPayload<'sfu-publish'>) =>
      sfu.publish(socket, member, request),
    ),
    'sfu-candidate': guarded(guards, 'sfu', ({ socket, member, sfu }, request: RequestPayload<'sfu-candidate'>) =>
      sfu.candidate(socket, member, request),
    ),
    'sfu-restart': guarded(guards, 'sfu', ({ socket, member, sfu }, request: RequestPayload<'sfu-restart'>) =>
      sfu.restart(socket, member, request),
    ),
    'sfu-layer': guarded(guards, 'sfu', ({ socket, member, sfu }, request: RequestPayload<'sfu-layer'>) =>
      sfu.layer(socket, member, request),
    ),
    'sfu-ready': guarded(guards, 'sfu', ({ member }, request: RequestPayload<'sfu-ready'>) => deps.relay.sfuReady(member, request.to)),
    recording: guarded(guards, 'host', async ({ member }, request: RequestPayload<'recording'>) => {
      if (!deps.recorder) throw new ParleyError('sfu-unavailable', 'Recording is off on this server (PARLEY_RECORDINGS_DIR is not set).');
      return deps.recorder.handle(member, request);
    }),
  };
}
