import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { crc32 } from 'node:zlib';

/**
 * A small STUN message codec: what a TURN client needs to ask for a binding and an allocation.
 * RFC 5389 (STUN), RFC 5766 / RFC 8656 (TURN). Messages are
 *
 *   0                   1                   2                   3
 *   |0 0|     STUN Message Type     |         Message Length        |
 *   |                     Magic Cookie (0x2112A442)                 |
 *   |                  Transaction ID (96 bits)                     |
 *   |  attributes: type (16) | length (16) | value, padded to 4 bytes ...
 */

export const MAGIC_COOKIE = 0x2112a442;
const HEADER_BYTES = 20;

/** RFC 5389 §18.1, RFC 5766 §13. */
export const Method = {
  Binding: 0x001,
  Allocate: 0x003,
  Refresh: 0x004,
  CreatePermission: 0x008,
} as const;

export type MessageClass = 'request' | 'indication' | 'success' | 'error';

/** RFC 5389 §18.2, RFC 5766 §14, RFC 8656 §18. */
export const Attr = {
  MappedAddress: 0x0001,
  Username: 0x0006,
  MessageIntegrity: 0x0008,
  ErrorCode: 0x0009,
  UnknownAttributes: 0x000a,
  Lifetime: 0x000d,
  XorPeerAddress: 0x0012,
  Realm: 0x0014,
  Nonce: 0x0015,
  XorRelayedAddress: 0x0016,
  RequestedTransport: 0x0019,
  XorMappedAddress: 0x0020,
  Software: 0x8022,
  AlternateServer: 0x8023,
  Fingerprint: 0x8028,
} as const;

/** REQUESTED-TRANSPORT value for a UDP relay (the IANA protocol number, RFC 5766 §14.7). */
export const TRANSPORT_UDP = 17;

export interface Attribute {
  type: number;
  value: Buffer;
}

export interface StunMessage {
  method: number;
  cls: MessageClass;
  transactionId: Buffer;
  attributes: Attribute[];
}

export interface TransportAddress {
  family: 'IPv4' | 'IPv6';
  address: string;
  port: number;
}

const CLASS_BITS: Record<MessageClass, number> = { request: 0x0000, indication: 0x0010, success: 0x0100, error: 0x0110 };

/** RFC 5389 §6: the class bits C1 C0 sit at positions 8 and 4, the method bits around them. */
function messageType(method: number, cls: MessageClass): number {
  return (method & 0x000f) | ((method & 0x0070) << 1) | ((method & 0x0f80) << 2) | CLASS_BITS[cls];
}

function splitType(type: number): { method: number; cls: MessageClass } {
  const method = (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
  const bits = type & 0x0110;
  const cls = (Object.keys(CLASS_BITS) as MessageClass[]).find((c) => CLASS_BITS[c] === bits)!;
  return { method, cls };
}

export function newTransactionId(): Buffer {
  return randomBytes(12);
}

/** The long-term credential key (RFC 5389 §15.4): MD5(username ":" realm ":" password). */
export function longTermKey(username: string, realm: string, password: string): Buffer {
  // SASLprep is the identity for the ASCII usernames and base64 passwords of the TURN REST scheme.
  return createHash('md5').update(`${username}:${realm}:${password}`).digest();
}

export interface EncodeOptions {
  /** Adds MESSAGE-INTEGRITY computed with this key (RFC 5389 §15.4). */
  integrityKey?: Buffer;
  /** Adds FINGERPRINT (RFC 5389 §15.5); coturn's `fingerprint` option expects it. */
  fingerprint?: boolean;
}

function encodeAttribute(attribute: Attribute): Buffer {
  const padded = Math.ceil(attribute.value.length / 4) * 4;
  const out = Buffer.alloc(4 + padded);
  out.writeUInt16BE(attribute.type, 0);
  out.writeUInt16BE(attribute.value.length, 2);
  attribute.value.copy(out, 4);
  return out;
}

function header(type: number, bodyLength: number, transactionId: Buffer): Buffer {
  const out = Buffer.alloc(HEADER_BYTES);
  out.writeUInt16BE(type, 0);
  out.writeUInt16BE(bodyLength, 2);
  out.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(out, 8);
  return out;
}

export function encode(message: StunMessage, options: EncodeOptions = {}): Buffer {
  const type = messageType(message.method, message.cls);
  let body = Buffer.concat(message.attributes.map(encodeAttribute));
  if (options.integrityKey) {
    // The HMAC covers the message up to MESSAGE-INTEGRITY, with a length that already counts
    // the MESSAGE-INTEGRITY attribute itself (24 bytes) but not a FINGERPRINT after it (§15.4).
    const covered = Buffer.concat([header(type, body.length + 24, message.transactionId), body]);
    const hmac = createHmac('sha1', options.integrityKey).update(covered).digest();
    body = Buffer.concat([body, encodeAttribute({ type: Attr.MessageIntegrity, value: hmac })]);
  }
  if (options.fingerprint) {
    // CRC-32 of the message up to FINGERPRINT, length counting FINGERPRINT, XOR 0x5354554e (§15.5).
    const covered = Buffer.concat([header(type, body.length + 8, message.transactionId), body]);
    const value = Buffer.alloc(4);
    value.writeUInt32BE((crc32(covered) ^ 0x5354554e) >>> 0, 0);
    body = Buffer.concat([body, encodeAttribute({ type: Attr.Fingerprint, value })]);
  }
  return Buffer.concat([header(type, body.length, message.transactionId), body]);
}

/** Total length of the STUN message at the start of `data`, or null when the header is incomplete. */
export function messageLength(data: Buffer): number | null {
  if (data.length < HEADER_BYTES) return null;
  return HEADER_BYTES + data.readUInt16BE(2);
}

export function isStunMessage(data: Buffer): boolean {
  return data.length >= HEADER_BYTES && (data[0]! & 0xc0) === 0 && data.readUInt32BE(4) === MAGIC_COOKIE;
}

export function decode(data: Buffer): StunMessage {
  if (!isStunMessage(data)) throw new Error('not a STUN message');
  const length = data.readUInt16BE(2);
  if (HEADER_BYTES + length > data.length || length % 4 !== 0) throw new Error('truncated STUN message');
  const { method, cls } = splitType(data.readUInt16BE(0));
  const attributes: Attribute[] = [];
  let offset = HEADER_BYTES;
  while (offset + 4 <= HEADER_BYTES + length) {
    const type = data.readUInt16BE(offset);
    const valueLength = data.readUInt16BE(offset + 2);
    const value = data.subarray(offset + 4, offset + 4 + valueLength);
    if (value.length !== valueLength) throw new Error('truncated STUN attribute');
    attributes.push({ type, value: Buffer.from(value) });
    offset += 4 + Math.ceil(valueLength / 4) * 4;
  }
  return { method, cls, transactionId: Buffer.from(data.subarray(8, 20)), attributes };
}

/** Checks MESSAGE-INTEGRITY of a received message (`raw` as received) with `key`. */
export function verifyIntegrity(raw: Buffer, key: Buffer): boolean {
  let offset = HEADER_BYTES;
  const end = HEADER_BYTES + raw.readUInt16BE(2);
  while (offset + 4 <= end) {
    const type = raw.readUInt16BE(offset);
    const valueLength = raw.readUInt16BE(offset + 2);
    if (type === Attr.MessageIntegrity) {
      const covered = Buffer.from(raw.subarray(0, offset));
      covered.writeUInt16BE(offset + 24 - HEADER_BYTES, 2);
      const expected = createHmac('sha1', key).update(covered).digest();
      const actual = raw.subarray(offset + 4, offset + 4 + 20);
      return actual.length === 20 && timingSafeEqual(expected, actual);
    }
    offset += 4 + Math.ceil(valueLength / 4) * 4;
  }
  return false;
}

/** Checks FINGERPRINT (RFC 5389 §15.5) of a received message; false when it has none. */
export function verifyFingerprint(raw: Buffer): boolean {
  const end = HEADER_BYTES + raw.readUInt16BE(2);
  if (end < HEADER_BYTES + 8 || raw.readUInt16BE(end - 8) !== Attr.Fingerprint) return false;
  const expected = (crc32(raw.subarray(0, end - 8)) ^ 0x5354554e) >>> 0;
  return raw.readUInt32BE(end - 4) === expected;
}

export function attribute(message: StunMessage, type: number): Buffer | undefined {
  return message.attributes.find((a) => a.type === type)?.value;
}

export function textAttribute(type: number, text: string): Attribute {
  return { type, value: Buffer.from(text, 'utf8') };
}

export function uint32Attribute(type: number, value: number): Attribute {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0, 0);
  return { type, value: out };
}

/** REQUESTED-TRANSPORT: protocol number in the first byte, three reserved bytes (RFC 5766 §14.7). */
export function requestedTransport(protocol: number): Attribute {
  return { type: Attr.RequestedTransport, value: Buffer.from([protocol, 0, 0, 0]) };
}

/** ERROR-CODE (RFC 5389 §15.6): class in hundreds, number in units, then a reason phrase. */
export function errorCode(message: StunMessage): { code: number; reason: string } | null {
  const value = attribute(message, Attr.ErrorCode);
  if (!value || value.length < 4) return null;
  return { code: (value[2]! & 0x07) * 100 + value[3]!, reason: value.subarray(4).toString('utf8') };
}

/** XOR-MAPPED-ADDRESS, XOR-RELAYED-ADDRESS, XOR-PEER-ADDRESS (RFC 5389 §15.2). */
export function xorAddress(message: StunMessage, type: number): TransportAddress | null {
  const value = attribute(message, type);
  if (!value || value.length < 8) return null;
  const family = value[1];
  const port = value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16);
  if (family === 0x01) {
    const raw = value.readUInt32BE(4) ^ MAGIC_COOKIE;
    return { family: 'IPv4', address: [24, 16, 8, 0].map((shift) => (raw >>> shift) & 0xff).join('.'), port };
  }
  if (family === 0x02 && value.length >= 20) {
    const mask = Buffer.concat([uint32Attribute(0, MAGIC_COOKIE).value, message.transactionId]);
    const bytes = Buffer.alloc(16);
    for (let i = 0; i < 16; i++) bytes[i] = value[4 + i]! ^ mask[i]!;
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
    return { family: 'IPv6', address: groups.join(':'), port };
  }
  return null;
}

/** Encodes an IPv4 XOR address attribute (XOR-PEER-ADDRESS of a CreatePermission). */
export function xorAddressAttribute(type: number, address: TransportAddress): Attribute {
  if (address.family !== 'IPv4' || !isIPv4(address.address)) throw new Error('only IPv4 is encoded here');
  const value = Buffer.alloc(8);
  value[1] = 0x01;
  value.writeUInt16BE(address.port ^ (MAGIC_COOKIE >>> 16), 2);
  const raw = address.address.split('.').reduce((acc, part) => (acc << 8) | Number(part), 0) >>> 0;
  value.writeUInt32BE((raw ^ MAGIC_COOKIE) >>> 0, 4);
  return { type, value };
}
