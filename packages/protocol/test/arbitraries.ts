import fc from 'fast-check';

/**
 * fast-check generators of valid wire values, one per schema in src/, for the property
 * tests (protocol validators here, the server's validate middleware in packages/server).
 */

// eslint-disable-next-line no-control-regex
const UNSAFE_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const ID = /^[A-Za-z0-9_-]{8,64}$/;

export const roomId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
export const participantId = fc.stringMatching(ID);
export const transferId = fc.stringMatching(ID);
export const displayName = fc
  .string({ minLength: 1, maxLength: 32, unit: 'binary' })
  .filter((name) => name.trim().length > 0 && name.trim().length <= 64 && !UNSAFE_NAME_CHARS.test(name));
const seq = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const byteCount = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const secret = fc.stringMatching(/^[A-Za-z0-9_-]{43}$/);

export const sessionDescription = fc.record({
  type: fc.constantFrom('offer' as const, 'answer' as const),
  sdp: fc.string({ maxLength: 2_000 }),
});
export const iceCandidate = fc.record(
  {
    candidate: fc.string({ maxLength: 1_024 }),
    sdpMid: fc.option(fc.string({ maxLength: 64 })),
    sdpMLineIndex: fc.option(fc.integer({ min: 0, max: 1_024 })),
    usernameFragment: fc.option(fc.string({ maxLength: 256 })),
  },
  { requiredKeys: ['candidate'] },
);
/** Exactly one of description or candidate. */
const signalBody = fc.oneof(
  sessionDescription.map((description) => ({ description })),
  iceCandidate.map((candidate) => ({ candidate })),
);
export const signalRequest = fc.tuple(participantId, signalBody).map(([to, body]) => ({ to, ...body }));
export const signalMessage = fc.tuple(participantId, seq, signalBody).map(([from, n, body]) => ({ from, seq: n, ...body }));
export const joinRequest = fc.record({ room: roomId, name: displayName });
export const participantInfo = fc.record({ id: participantId, name: displayName });
export const iceServer = fc.record(
  {
    urls: fc.oneof(fc.string({ maxLength: 512 }), fc.array(fc.string({ maxLength: 512 }), { maxLength: 16 })),
    username: fc.string({ maxLength: 512 }),
    credential: fc.string({ maxLength: 512 }),
  },
  { requiredKeys: ['urls'] },
);
const iceTransportPolicy = fc.constantFrom('all' as const, 'relay' as const);
export const iceConfig = fc.record(
  {
    iceServers: fc.array(iceServer, { maxLength: 16 }),
    iceTransportPolicy,
    ttlSeconds: fc.integer({ min: 1, max: 86_400 }),
  },
  { requiredKeys: ['iceServers', 'iceTransportPolicy'] },
);
export const joinSnapshot = fc.record(
  {
    room: roomId,
    self: participantInfo,
    participants: fc.array(participantInfo, { maxLength: 6 }),
    maxParticipants: fc.integer({ min: 1, max: 1_000 }),
    iceServers: fc.array(iceServer, { maxLength: 4 }),
    iceTransportPolicy,
    iceServersTtlSeconds: fc.integer({ min: 1, max: 86_400 }),
  },
  { requiredKeys: ['room', 'self', 'participants', 'maxParticipants', 'iceServers'] },
);
export const errorPayload = fc.record(
  {
    code: fc.constantFrom('invalid-message', 'room-full', 'rate-limited', 'peer-not-found', 'server-shutdown'),
    message: fc.string({ maxLength: 1_000 }),
    details: fc.dictionary(
      fc.string({ maxLength: 64 }),
      fc.oneof(fc.string({ maxLength: 256 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
    ),
  },
  { requiredKeys: ['code', 'message'] },
);
export const rejected = fc.record({ event: fc.string({ maxLength: 64 }), error: errorPayload });
export const serverShutdown = fc.record({ reason: fc.string({ maxLength: 256 }), reconnectInMs: fc.integer({ min: 0, max: 600_000 }) });
export const participantLeft = fc.record({ id: participantId });

// ---- data channels ----

const chatText = fc.string({ minLength: 1, maxLength: 2_000 });
const timestamp = fc.double({ min: 0, max: 8.64e15, noNaN: true });
export const chatHistoryEntry = fc.record({ from: participantId, name: displayName, seq, text: chatText, ts: timestamp });
export const chatWire = fc.oneof(
  fc.record({ t: fc.constant('msg' as const), seq, text: chatText, ts: timestamp }),
  fc.constant({ t: 'history-request' as const }),
  fc.record({ t: fc.constant('history' as const), messages: fc.array(chatHistoryEntry, { maxLength: 5 }), done: fc.boolean() }),
);
export const fileDescription = fc.record({
  id: transferId,
  name: fc.string({ maxLength: 1_024 }),
  size: byteCount,
  type: fc.string({ maxLength: 255 }),
});
export const fileWire = fc.oneof(
  fc.record({ t: fc.constant('offer' as const), files: fc.array(fileDescription, { minLength: 1, maxLength: 5 }) }),
  fc.record({ t: fc.constant('accept' as const), id: transferId, key: secret }),
  fc.record({ t: fc.constant('decline' as const), id: transferId }),
  fc.record({ t: fc.constant('start' as const), id: transferId, stream: fc.integer({ min: 1, max: 0xffffffff }), offset: byteCount }),
  fc.record({ t: fc.constant('ack' as const), id: transferId, offset: byteCount }),
  fc.record({ t: fc.constant('end' as const), id: transferId, sha256: fc.stringMatching(/^[0-9a-f]{64}$/) }),
  fc.record({ t: fc.constant('done' as const), id: transferId, ok: fc.boolean() }),
  fc.record({
    t: fc.constant('cancel' as const),
    id: transferId,
    reason: fc.constantFrom('cancelled' as const, 'error' as const, 'unknown' as const),
  }),
  fc.record({ t: fc.constant('resume' as const), id: transferId, offset: byteCount, proof: secret }),
  fc.record({ t: fc.constant('resume-ok' as const), id: transferId, proof: secret }),
);

/**
 * A value no field of the wire contract accepts in place of `value`: objects and arrays
 * become a number, everything else an object.
 */
export function wronglyTyped(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? 42 : { wrong: true };
}

/** Any JSON-ish value, including the prototype-pollution shapes an attacker tries. */
export const hostile = fc.oneof(
  fc.anything({
    withBigInt: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    withDate: true,
    withMap: true,
    withSet: true,
  }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}')),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
  fc.string({ maxLength: 100_000 }),
);
