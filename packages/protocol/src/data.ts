import { z } from 'zod';
import { DisplayNameSchema, ParticipantIdSchema } from './primitives.js';

/**
 * The data-channel contract: what peers send each other on the `chat` and `files`
 * RTCDataChannels (negotiated, fixed ids, see DATA_CHANNELS). Control messages are JSON text,
 * validated here on receipt; file bytes travel as binary frames (see FRAME_HEADER_BYTES).
 *
 * Nothing in a payload says who sent it: the sender is the remote participant of the peer
 * connection the message arrived on, which the server-stamped signaling authenticated.
 */

/** Negotiated data channels (webrtc-pc §6.2 `negotiated: true`): both sides create them before the first offer. */
export const DATA_CHANNELS = {
  chat: { label: 'parley-chat', id: 0 },
  files: { label: 'parley-files', id: 1 },
  e2ee: { label: 'parley-e2ee', id: 2 },
} as const;

/** Largest JSON control message accepted on either channel, in UTF-16 code units (checked before parsing). */
export const MAX_DATA_MESSAGE_CHARS = 64 * 1024;

// ---- chat ----

/** Longest chat message, in characters. */
export const MAX_CHAT_CHARS = 2000;
/** Messages a peer keeps and hands to a late joiner. */
export const CHAT_HISTORY_LIMIT = 200;

export const ChatTextSchema = z.string().min(1).max(MAX_CHAT_CHARS);
const SeqSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const TimestampSchema = z.number().finite().min(0).max(8.64e15);

/** A message typed by the sender. Its id is (sender participant id, seq): seq grows by one per message. */
export const ChatMessageWireSchema = z.strictObject({
  t: z.literal('msg'),
  seq: SeqSchema,
  text: ChatTextSchema,
  /** Sender's clock, ms since the epoch: shown, never used for ordering. */
  ts: TimestampSchema,
});

/** A message of the history a peer relays to a late joiner: here the sender is a claim of the relaying peer. */
export const ChatHistoryEntrySchema = z.strictObject({
  from: ParticipantIdSchema,
  name: DisplayNameSchema,
  seq: SeqSchema,
  text: ChatTextSchema,
  ts: TimestampSchema,
});
export type ChatHistoryEntry = z.infer<typeof ChatHistoryEntrySchema>;

export const ChatHistoryRequestSchema = z.strictObject({ t: z.literal('history-request') });

/** One page of history (pages keep each message well under the channel's message size); `done` on the last. */
export const ChatHistoryPageSchema = z.strictObject({
  t: z.literal('history'),
  messages: z.array(ChatHistoryEntrySchema).max(CHAT_HISTORY_LIMIT),
  done: z.boolean(),
});

export const ChatWireSchema = z.discriminatedUnion('t', [ChatMessageWireSchema, ChatHistoryRequestSchema, ChatHistoryPageSchema]);
export type ChatWire = z.infer<typeof ChatWireSchema>;

// ---- files ----

/**
 * Binary data frame: a 16-byte header then file bytes.
 *   byte 0      FRAME_DATA (1)
 *   bytes 1-3   reserved, 0
 *   bytes 4-7   stream: u32 the sender assigned to the transfer in `start`
 *   bytes 8-15  offset: f64 big-endian, byte offset of the payload in the file (exact below 2^53)
 */
export const FRAME_HEADER_BYTES = 16;
export const FRAME_DATA = 1;

/** Transfer ids are random, URL-safe, minted by the sender. */
export const TransferIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'invalid transfer id');
const ByteCountSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/);
/** Base64url of 32 random bytes. */
const SecretSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** A file on offer, as its sender describes it. The name is sanitised before any use (sanitizeFileName). */
export const FileDescriptionSchema = z.strictObject({
  id: TransferIdSchema,
  name: z.string().max(1024),
  size: ByteCountSchema,
  type: z.string().max(255),
});
export type FileDescription = z.infer<typeof FileDescriptionSchema>;

export const MAX_FILES_PER_OFFER = 100;

export const FileWireSchema = z.discriminatedUnion('t', [
  /** Sender → receiver: these files, if you accept them. Nothing is sent before `accept`. */
  z.strictObject({ t: z.literal('offer'), files: z.array(FileDescriptionSchema).min(1).max(MAX_FILES_PER_OFFER) }),
  /** Receiver → sender. `key` is a per-transfer secret that later proves a resume request (see `resume`). */
  z.strictObject({ t: z.literal('accept'), id: TransferIdSchema, key: SecretSchema }),
  z.strictObject({ t: z.literal('decline'), id: TransferIdSchema }),
  /** Sender → receiver: frames of `stream` follow, from byte `offset`. */
  z.strictObject({
    t: z.literal('start'),
    id: TransferIdSchema,
    stream: z.number().int().min(1).max(0xffffffff),
    offset: ByteCountSchema,
  }),
  /** Receiver → sender: bytes before `offset` are written and hashed on the receiver's side. */
  z.strictObject({ t: z.literal('ack'), id: TransferIdSchema, offset: ByteCountSchema }),
  /** Sender → receiver: every byte is sent; SHA-256 (FIPS 180-4) of the whole file. */
  z.strictObject({ t: z.literal('end'), id: TransferIdSchema, sha256: Sha256HexSchema }),
  /** Receiver → sender: the file is complete and its hash matched (`ok`), or did not. */
  z.strictObject({ t: z.literal('done'), id: TransferIdSchema, ok: z.boolean() }),
  z.strictObject({ t: z.literal('cancel'), id: TransferIdSchema, reason: z.enum(['cancelled', 'error', 'unknown']) }),
  /**
   * Receiver → any peer, after a reconnect or reload: "continue transfer `id` from `offset`".
   * `proof` = HMAC-SHA256(key, "resume|id|requester|target") over the server-stamped participant
   * ids of this very link, so it cannot be replayed by a third participant.
   */
  z.strictObject({
    t: z.literal('resume'),
    id: TransferIdSchema,
    offset: ByteCountSchema,
    proof: SecretSchema,
  }),
  /** Sender → receiver: proof = HMAC-SHA256(key, "resume-ok|id|sender|receiver"). */
  z.strictObject({ t: z.literal('resume-ok'), id: TransferIdSchema, proof: SecretSchema }),
]);
export type FileWire = z.infer<typeof FileWireSchema>;

// ---- end-to-end encryption keys ----

const Base64Schema = (bytes: { min: number; max: number }) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'invalid base64')
    .min(Math.ceil(bytes.min / 3) * 4)
    .max(Math.ceil(bytes.max / 3) * 4);

/**
 * The sender's identity (an uncompressed P-256 public key, 65 bytes) and its ECDSA signature
 * (IEEE P1363 r‖s, 64 bytes) over this link's two DTLS fingerprints, sent first on the channel.
 */
export const E2eeIdentityWireSchema = z.strictObject({
  t: z.literal('identity'),
  publicKey: Base64Schema({ min: 65, max: 65 }),
  binding: Base64Schema({ min: 64, max: 64 }),
});

/** A sending key (RFC 9605 §4.4.1): its 32-bit KID as decimal digits, and its base key (16 to 64 bytes). */
export const E2eeKeyWireSchema = z.strictObject({
  t: z.literal('key'),
  keyId: z
    .string()
    .regex(/^(0|[1-9][0-9]{0,9})$/, 'invalid key id')
    .refine((id) => Number(id) <= 0xffff_ffff, 'key id too large'),
  baseKey: Base64Schema({ min: 16, max: 64 }),
});

export const E2eeWireSchema = z.discriminatedUnion('t', [E2eeIdentityWireSchema, E2eeKeyWireSchema]);
export type E2eeWire = z.infer<typeof E2eeWireSchema>;
