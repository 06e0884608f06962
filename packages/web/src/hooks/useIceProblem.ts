import { useEffect, useState } from 'react';
import { isParleyError, type ParleyError, type Room } from '@parley/client';

const TURN_CODES = new Set<string>(['turn-credentials-rejected', 'turn-unreachable']);

/**
 * The latest TURN failure the room reported (wrong or expired credentials, relay unreachable),
 * until every participant is connected again. Credentials refused outrank "unreachable": they
 * are the more specific reason and what an admin must fix.
 */
export function useIceProblem(room: Room): ParleyError | null {
  const [problem, setProblem] = useState<ParleyError | null>(null);
  useEffect(() => {
    setProblem(null);
    const onError = (error: unknown) => {
      if (!isParleyError(error) || !TURN_CODES.has(error.code)) return;
      setProblem((previous) => (previous?.code === 'turn-credentials-rejected' ? previous : error));
    };
    const onState = () => {
      if ([...room.participants.values()].every((p) => p.connectionState === 'connected')) setProblem(null);
    };
    room.on('error', onError);
    room.on('connection-state', onState);
    room.on('participant-left', onState);
    return () => {
      room.off('error', onError);
      room.off('connection-state', onState);
      room.off('participant-left', onState);
    };
  }, [room]);
  return problem;
}
