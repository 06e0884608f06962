import { describe, expect, it } from 'vitest';
import {
  JoinSnapshotSchema,
  RoomModeEventSchema,
  SfuAnswerSchema,
  SfuCandidateEventSchema,
  SfuCandidateSchema,
  SfuLayerRequestSchema,
  SfuOfferSchema,
  SfuPublishRequestSchema,
  SfuReadyMessageSchema,
  SfuReadyRequestSchema,
  SfuResetSchema,
  SfuRestartRequestSchema,
  SfuRestartResultSchema,
  clientRequests,
  serverEvents,
  ERROR_CODES,
} from '../src/index.js';

const ID = 'AbCdEfGh12345678';
const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

describe('SFU messages on the wire', () => {
  it('are in the server validator table', () => {
    expect(clientRequests['sfu-publish'].payload).toBe(SfuPublishRequestSchema);
    expect(clientRequests['sfu-candidate'].payload).toBe(SfuCandidateSchema);
    expect(clientRequests['sfu-layer'].payload).toBe(SfuLayerRequestSchema);
    expect(clientRequests['sfu-ready'].payload).toBe(SfuReadyRequestSchema);
    expect(clientRequests['sfu-restart'].payload).toBe(SfuRestartRequestSchema);
  });

  it('restart: the publisher sends its ICE restart offer; the subscriber asks, without one', () => {
    const publisher = { connection: 'publisher', offer: { type: 'offer', sdp: SDP } };
    expect(SfuRestartRequestSchema.parse(publisher)).toEqual(publisher);
    expect(SfuRestartRequestSchema.parse({ connection: 'subscriber' })).toEqual({ connection: 'subscriber' });
    // The publisher must bring its offer; the subscriber's offer comes from Janus, never from the client.
    expect(SfuRestartRequestSchema.safeParse({ connection: 'publisher' }).success).toBe(false);
    expect(SfuRestartRequestSchema.safeParse({ connection: 'subscriber', offer: { type: 'offer', sdp: SDP } }).success).toBe(false);
    expect(SfuRestartRequestSchema.safeParse({ ...publisher, offer: { type: 'answer', sdp: SDP } }).success).toBe(false);
    expect(SfuRestartRequestSchema.safeParse({ ...publisher, offer: { type: 'offer', sdp: 'x'.repeat(60_001) } }).success).toBe(false);
    expect(SfuRestartRequestSchema.safeParse({ connection: 'janus-admin' }).success).toBe(false);
    // Nothing else rides along: no room, handle or session ids from the client.
    expect(SfuRestartRequestSchema.safeParse({ connection: 'subscriber', handle: 1234 }).success).toBe(false);
  });

  it("restart result: the publisher gets Janus's answer, the subscriber null; a lost session has its own code", () => {
    expect(SfuRestartResultSchema.safeParse({ answer: { type: 'answer', sdp: SDP } }).success).toBe(true);
    expect(SfuRestartResultSchema.safeParse({ answer: null }).success).toBe(true);
    expect(SfuRestartResultSchema.safeParse({ answer: { type: 'offer', sdp: SDP } }).success).toBe(false);
    expect(SfuRestartResultSchema.safeParse({}).success).toBe(false);
    expect(ERROR_CODES).toContain('sfu-session-lost');
  });

  it('publish: the session it opens, an offer and what each m-line carries, nothing else', () => {
    const request = {
      session: 1,
      offer: { type: 'offer', sdp: SDP },
      slots: [
        { mid: '0', slot: 'mic' },
        { mid: '1', slot: 'camera' },
      ],
    };
    expect(SfuPublishRequestSchema.safeParse(request).success).toBe(true);
    expect(SfuPublishRequestSchema.safeParse({ ...request, room: 1234 }).success).toBe(false);
    for (const session of [0, -1, 1.5, 2 ** 31, '1', undefined]) {
      expect(SfuPublishRequestSchema.safeParse({ ...request, session }).success, String(session)).toBe(false);
    }
    expect(SfuPublishRequestSchema.safeParse({ ...request, offer: { type: 'answer', sdp: SDP } }).success).toBe(false);
    expect(SfuPublishRequestSchema.safeParse({ ...request, slots: [{ mid: '0', slot: 'data' }] }).success).toBe(false);
    expect(SfuPublishRequestSchema.safeParse({ ...request, offer: { type: 'offer', sdp: 'x'.repeat(60_001) } }).success).toBe(false);
  });

  it('candidates name their connection; null ends them', () => {
    expect(
      SfuCandidateSchema.safeParse({
        connection: 'publisher',
        candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0' },
      }).success,
    ).toBe(true);
    expect(SfuCandidateSchema.safeParse({ connection: 'subscriber', candidate: null }).success).toBe(true);
    expect(SfuCandidateSchema.safeParse({ connection: 'janus-admin', candidate: null }).success).toBe(false);
    expect(SfuCandidateSchema.safeParse({ connection: 'publisher' }).success).toBe(false);
  });

  it('layers are Janus substreams 0 to 2', () => {
    expect(SfuLayerRequestSchema.safeParse({ mid: '3', substream: 2 }).success).toBe(true);
    expect(SfuLayerRequestSchema.safeParse({ mid: '3', substream: 3 }).success).toBe(false);
    expect(SfuLayerRequestSchema.safeParse({ mid: '3', substream: 1.5 }).success).toBe(false);
  });

  it('subscriber offers map every m-line to a participant id and a slot', () => {
    const offer = { session: 3, offer: { type: 'offer', sdp: SDP }, streams: [{ mid: '0', participant: ID, slot: 'camera' }] };
    expect(SfuOfferSchema.safeParse(offer).success).toBe(true);
    expect(SfuOfferSchema.safeParse({ ...offer, streams: [{ mid: '0', participant: '<b>x</b>', slot: 'camera' }] }).success).toBe(false);
    expect(SfuAnswerSchema.safeParse({ type: 'answer', sdp: SDP }).success).toBe(true);
    expect(SfuAnswerSchema.safeParse({ type: 'offer', sdp: SDP }).success).toBe(false);
  });

  it('what the server sends of an SFU session names that session', () => {
    const { session: _, ...unstamped } = { session: 2, offer: { type: 'offer', sdp: SDP }, streams: [] };
    expect(SfuOfferSchema.safeParse(unstamped).success).toBe(false);
    expect(serverEvents['sfu-candidate'].payload).toBe(SfuCandidateEventSchema);
    expect(SfuCandidateEventSchema.safeParse({ session: 2, connection: 'subscriber', candidate: null }).success).toBe(true);
    expect(SfuCandidateEventSchema.safeParse({ connection: 'subscriber', candidate: null }).success).toBe(false);
    expect(SfuCandidateEventSchema.safeParse({ session: 2, connection: 'subscriber', candidate: null, extra: 1 }).success).toBe(false);
    expect(SfuResetSchema.safeParse({ session: 2, reason: 'unanswered' }).success).toBe(true);
    expect(SfuResetSchema.safeParse({ reason: 'unanswered' }).success).toBe(false);
  });

  it('ready is addressed by id and relayed with a stamped sender; room mode is mesh or sfu', () => {
    expect(SfuReadyRequestSchema.safeParse({ to: ID }).success).toBe(true);
    expect(SfuReadyRequestSchema.safeParse({ to: ID, from: ID }).success).toBe(false);
    expect(SfuReadyMessageSchema.safeParse({ from: ID }).success).toBe(true);
    expect(RoomModeEventSchema.safeParse({ mode: 'sfu' }).success).toBe(true);
    expect(RoomModeEventSchema.safeParse({ mode: 'p2p' }).success).toBe(false);
    const snapshot = { room: 'r1', self: { id: ID, name: 'Ada' }, participants: [], maxParticipants: 50, iceServers: [] };
    expect(JoinSnapshotSchema.parse({ ...snapshot, mode: 'sfu' }).mode).toBe('sfu');
    expect(JoinSnapshotSchema.parse(snapshot).mode).toBeUndefined();
  });
});
