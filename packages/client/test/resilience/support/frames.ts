/**
 * Malformed traffic for the signaling fuzz: raw WebSocket frames that break engine.io and
 * socket.io packet syntax, and well-formed socket.io packets whose payloads are wrong,
 * oversized, wrongly typed or out of order. Deterministic from a seed (mulberry32).
 */

export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: Random, max: number): number => Math.floor(random() * max);

function randomText(random: Random, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(int(random, 0x3000));
  return text;
}

const VALID_ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const OFFER = { type: 'offer', sdp: 'v=0\r\n' };

/** Values of every JSON type and some hostile shapes, for fields that expect something else. */
function wrongValue(random: Random): unknown {
  return pick(random, [
    () => null,
    () => int(random, 1e9) - 5e8,
    () => random() * 1e308,
    () => true,
    () => randomText(random, int(random, 80)),
    () => '',
    () => [],
    () => [1, 'two', null],
    () => ({}),
    () => ({ $gt: '' }),
    () => JSON.parse('{"__proto__":{"polluted":true}}'),
    () => ({ constructor: { prototype: { polluted: true } } }),
    () => 'x'.repeat(70_000),
    () => '\u202Eevil\u0000',
    () => '../../etc/passwd',
    () => ({ _placeholder: true, num: 0 }),
  ])();
}

/** A socket.io EVENT packet (type 2 on engine.io message 4), with an ack id sometimes. */
function eventPacket(random: Random, event: unknown, ...args: unknown[]): string {
  const ack = random() < 0.3 ? String(int(random, 1e6)) : '';
  return `42${ack}${JSON.stringify([event, ...args])}`;
}

/**
 * Well-formed socket.io packets with payloads the server must refuse (answered with a
 * reason, the connection stays), or events out of order.
 */
export function badPacket(random: Random): string {
  return pick(random, [
    () => eventPacket(random, 'join', { room: wrongValue(random), name: 'Fuzz' }),
    () => eventPacket(random, 'join', { room: `fuzz-${int(random, 50)}`, name: wrongValue(random) }),
    () => eventPacket(random, 'join', { room: 'fuzz', name: 'Fuzz', extra: wrongValue(random) }),
    () => eventPacket(random, 'join', wrongValue(random)),
    () => eventPacket(random, 'join'),
    () => eventPacket(random, 'join', { room: 'fuzz', name: 'a' }, { room: 'fuzz', name: 'b' }),
    // Out of order: a valid join to a fuzz room (then signals, leaves, joins again).
    () => eventPacket(random, 'join', { room: `fuzz-${int(random, 50)}`, name: 'Fuzz' }),
    () => eventPacket(random, 'leave', {}),
    () => eventPacket(random, 'leave', wrongValue(random)),
    () => eventPacket(random, 'refresh-ice-servers', {}),
    () => eventPacket(random, 'refresh-ice-servers', wrongValue(random)),
    () => eventPacket(random, 'signal', { to: VALID_ID, description: OFFER }),
    () => eventPacket(random, 'signal', { to: wrongValue(random), description: OFFER }),
    () => eventPacket(random, 'signal', { to: VALID_ID, description: wrongValue(random) }),
    () => eventPacket(random, 'signal', { to: VALID_ID, description: { type: wrongValue(random), sdp: 'v=0' } }),
    () => eventPacket(random, 'signal', { to: VALID_ID, candidate: { candidate: wrongValue(random), sdpMLineIndex: wrongValue(random) } }),
    () => eventPacket(random, 'signal', { to: VALID_ID, description: OFFER, candidate: { candidate: '' } }),
    () => eventPacket(random, 'signal', { to: VALID_ID }),
    () => eventPacket(random, 'signal', { to: VALID_ID, from: VALID_ID, description: OFFER }),
    () => eventPacket(random, 'signal', { to: VALID_ID, description: { type: 'offer', sdp: 'x'.repeat(60_000 + int(random, 200_000)) } }),
    () => eventPacket(random, randomText(random, 1 + int(random, 40)), {}),
    () => eventPacket(random, pick(random, ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'error']), {}),
    () => `43${int(random, 1e6)}${JSON.stringify([wrongValue(random)])}`, // an ack nobody asked for
    () => '3',
    () => '6',
  ])();
}

/**
 * Frames that break engine.io or socket.io syntax or state; the server closes the transport
 * on them (that is its defence), so each connection ends with at most one.
 */
export function protocolViolation(random: Random): string | Buffer {
  return pick(random, [
    () => `42${JSON.stringify([])}`,
    () => `42${JSON.stringify({ not: 'an array' })}`,
    () => `44${JSON.stringify({ message: 'client-sent error' })}`,
    () => `451-${JSON.stringify(['signal', { _placeholder: true, num: 0 }])}`, // binary event whose attachment never comes
    () => `461-${int(random, 100)}${JSON.stringify([{ _placeholder: true, num: 0 }])}`,
    () => '40', // a second CONNECT
    () => '40/admin,',
    () => `42/nope,${JSON.stringify(['join', {}])}`,
    () => '2probe',
    () => eventPacket(random, pick(random, ['connect', 'disconnect', 'newListener', 'connect_error']), {}),
    () => eventPacket(random, wrongValue(random), {}),
    () => eventPacket(random, null, {}),
    () => Buffer.from(Array.from({ length: 1 + int(random, 64) }, () => int(random, 256))),
    () => randomText(random, 1 + int(random, 200)),
    () => `4${randomText(random, int(random, 100))}`,
    () => `42${JSON.stringify(['join', { room: 'x', name: 'y' }]).slice(0, 1 + int(random, 30))}`,
    () => `42${'['.repeat(2_000 + int(random, 20_000))}`,
    () => `42${'['.repeat(5_000)}${']'.repeat(5_000)}`,
    () => `4${9 - int(random, 2)}${randomText(random, 20)}`,
    () => `${7 + int(random, 3)}garbage`,
    () => '',
    () => '1',
    () => '5',
    () => `42${'{"a":'.repeat(3_000)}1${'}'.repeat(3_000)}`,
    () => `42["join",{"room":"x","name":"\\ud800"}]`,
    () => 'x'.repeat(1_100_000), // above the transport limit: the server closes the connection
    () => `4-1${JSON.stringify(['join', {}])}`,
    () => `45${int(random, 1e9)}-${JSON.stringify(['join', { _placeholder: true, num: 99 }])}`,
  ])();
}
