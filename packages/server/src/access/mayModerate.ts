import { ParleyError, type Grant } from '@parley/protocol';

/**
 * THE rule for who may moderate a room (lock it, remove or mute someone, hand the role on,
 * record it and see its recordings): its host, or anyone an access token grants `moderate`
 * (a co-host the embedding app vouches for).
 */
export function mayModerate(hostId: string | null, participantId: string, grants: readonly Grant[]): boolean {
  return hostId === participantId || grants.includes('moderate');
}

/** The same rule, checked inside a store change: throws the refusal a person reads. */
export function assertMayModerate(hostId: string | null, actorId: string, grants: readonly Grant[], action: string): void {
  if (!mayModerate(hostId, actorId, grants)) {
    throw new ParleyError('forbidden', 'Only the host can do that.', { details: { action } });
  }
}
