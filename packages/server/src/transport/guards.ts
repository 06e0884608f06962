import { ParleyError, type Guard } from '@parley/protocol';
import { mayModerate } from '../access/mayModerate.js';
import type { ParleySocket } from '../io/types.js';
import type { Member, Membership } from '../membership/Membership.js';
import type { RoomStore } from '../rooms/RoomStore.js';
import type { SfuBridge } from '../sfu/SfuBridge.js';

/** What a handler knows once its request passed the guard the contract names for it. */
export interface GuardContexts {
  none: { socket: ParleySocket };
  member: { socket: ParleySocket; member: Member };
  host: { socket: ParleySocket; member: Member };
  sfu: { socket: ParleySocket; member: Member; sfu: SfuBridge };
}

export type GuardChecks = { [G in Guard]: (socket: ParleySocket) => Promise<GuardContexts[G]> };

/** The guards of `clientRequests` (protocol/contract/requests.ts): one in-room check, one may-moderate rule. */
export function createGuards(deps: { membership: Membership; store: RoomStore; sfu: SfuBridge | null }): GuardChecks {
  const member = (socket: ParleySocket): Member => {
    const found = deps.membership.memberOf(socket);
    if (!found) throw ParleyError.notInRoom();
    return found;
  };
  return {
    none: async (socket) => ({ socket }),
    member: async (socket) => ({ socket, member: member(socket) }),
    host: async (socket) => {
      const self = member(socket);
      const status = await deps.store.status(self.roomId);
      if (!status) throw ParleyError.notInRoom();
      if (!mayModerate(status.hostId, self.participantId, self.grants)) {
        throw new ParleyError('forbidden', 'Only the host can do that.');
      }
      return { socket, member: self };
    },
    sfu: async (socket) => {
      const self = member(socket);
      if (!deps.sfu) throw new ParleyError('sfu-unavailable', 'This server has no SFU (PARLEY_JANUS_URLS is not set).');
      return { socket, member: self, sfu: deps.sfu };
    },
  };
}
