import { describe, expect, it } from 'vitest';
import { ERROR_CODES, IceConfigSchema, JoinSnapshotSchema, RefreshIceServersRequestSchema, clientRequests } from '../src/index.js';

const turn = {
  urls: ['turn:127.0.0.1:3478?transport=udp'],
  username: '1700000300:AbCdEfGhIjKl',
  credential: '6ejmHGqP6BCPBtk+peQY3uRL/5Y=',
};

describe('ICE configuration on the wire', () => {
  it('IceConfig carries servers, the transport policy and the credentials lifetime', () => {
    expect(IceConfigSchema.parse({ iceServers: [turn], iceTransportPolicy: 'relay', ttlSeconds: 300 })).toEqual({
      iceServers: [turn],
      iceTransportPolicy: 'relay',
      ttlSeconds: 300,
    });
    expect(IceConfigSchema.safeParse({ iceServers: [turn], iceTransportPolicy: 'none' }).success).toBe(false);
    expect(IceConfigSchema.safeParse({ iceServers: [turn], iceTransportPolicy: 'all', ttlSeconds: 0 }).success).toBe(false);
    expect(IceConfigSchema.safeParse({ iceServers: Array(17).fill(turn), iceTransportPolicy: 'all' }).success).toBe(false);
  });

  it('the join snapshot takes the policy and TTL, and stays valid without them (older servers)', () => {
    const base = { room: 'r', self: { id: 'AbCdEfGhIjKl', name: 'Ada' }, participants: [], maxParticipants: 6, iceServers: [turn] };
    expect(JoinSnapshotSchema.parse({ ...base, iceTransportPolicy: 'relay', iceServersTtlSeconds: 300 })).toMatchObject({
      iceTransportPolicy: 'relay',
      iceServersTtlSeconds: 300,
    });
    expect(JoinSnapshotSchema.parse(base).iceTransportPolicy).toBeUndefined();
    expect(JoinSnapshotSchema.safeParse({ ...base, iceServersTtlSeconds: -1 }).success).toBe(false);
  });

  it('refresh-ice-servers is a known client event whose payload is an empty object, nothing more', () => {
    expect(clientRequests['refresh-ice-servers'].payload).toBe(RefreshIceServersRequestSchema);
    expect(RefreshIceServersRequestSchema.safeParse({}).success).toBe(true);
    expect(RefreshIceServersRequestSchema.safeParse({ user: 'admin' }).success).toBe(false);
  });

  it('has error codes for refused and unreachable TURN', () => {
    expect(ERROR_CODES).toContain('turn-credentials-rejected');
    expect(ERROR_CODES).toContain('turn-unreachable');
  });
});
