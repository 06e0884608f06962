import type { Logger } from 'pino';
import type { ResumeTokens } from '../auth/resumeTokens.js';
import type { SignalingDeps } from '../signaling/handlers.js';
import type { Cluster } from './cluster.js';
import { NodeLiveness } from './NodeLiveness.js';
import { reapNode } from './reapNode.js';
import { rejoinLost } from './rejoinLost.js';
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
export async function runNode(cluster: Cluster, signaling: SignalingDeps, resume: ResumeTokens, log: Logger): Promise<NodeLiveness> {
  receiveRelays(signaling.io);
  const liveness = new NodeLiveness({
    ...cluster,
    log,
    reap: (deadNode) => reapNode(signaling, cluster.store, deadNode),
    // Tokens speak of the shared room data, not of one process: a token from another node
    // of the same data resumes as if issued here; after Redis lost its data, every token
    // is "from before a restart" and restores its room (host, lock, password) on rejoin.
    onEpoch: (epoch, reset) => {
      resume.instance = epoch;
      if (reset) void rejoinLost(signaling).catch((error: unknown) => log.error({ err: error }, 'rejoin after Redis reset failed'));
    },
  });
  await liveness.start();
  return liveness;
}
