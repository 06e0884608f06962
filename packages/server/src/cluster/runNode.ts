import type { Logger } from 'pino';
import type { ResumeTokens } from '../auth/resumeTokens.js';
import type { ParleyServerIo } from '../io/types.js';
import type { Membership } from '../membership/Membership.js';
import type { Cluster } from './cluster.js';
import { NodeLiveness } from './NodeLiveness.js';
import { reapNode } from './reapNode.js';
import { receiveRelays } from './relay.js';

/**
 * Makes this server one node of several: takes signals relayed from other nodes, beats, cleans
 * up after dead nodes, and follows the shared room data's epoch. Returns the heartbeat (for
 * /api/nodes, allowed origins and stopping).
 *
 * Per node on purpose: SignalSequencer (a sender's signals all pass through the node serving
 * it; numbering restarts at 1 when it moves, which clients accept, see SignalSequence),
 * Departures (timed where the socket was; a node that dies takes its timers along and
 * reapNode stands in), connections per address and message rates (counted where each
 * connection is). Shared through the store: rooms, and so the room count limit.
 */
export async function runNode(
  cluster: Cluster,
  deps: { io: ParleyServerIo; membership: Membership; resume: ResumeTokens; log: Logger; maxBacklogBytes: number },
): Promise<NodeLiveness> {
  const { membership, resume, log } = deps;
  receiveRelays(deps.io, deps.maxBacklogBytes);
  const liveness = new NodeLiveness({
    ...cluster,
    log,
    reap: (deadNode) => reapNode(membership, cluster.store, deadNode),
    // Tokens speak of the shared room data, not of one process: a token from another node
    // of the same data resumes as if issued here; after Redis lost its data, every token
    // is "from before a restart" and restores its room (host, lock, password) on rejoin.
    onEpoch: (epoch, reset) => {
      resume.instance = epoch;
      // Redis came back without its data: those no longer in their room rejoin with their tokens.
      if (reset) membership.disconnectOrphans().catch((error: unknown) => log.error({ err: error }, 'rejoin after Redis reset failed'));
    },
  });
  await liveness.start();
  return liveness;
}
