import { GrantSchema, RoomModeSchema, type RoomStatus } from '@parley/protocol';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { ClusterKeys } from './keys.js';
import type { Participant } from '../rooms/Participant.js';
import { RoomState, type Admission, type JoinOutcome, type RoomSetup } from '../rooms/RoomState.js';
import type { RoomStore } from '../rooms/RoomStore.js';

/**
 * Compare-and-set of one room document. Optimistic concurrency: the node read the room,
 * ran the change in JS (RoomState is the one place room rules live), and writes back only if
 * nobody wrote in between; otherwise it reads again and retries. A Lua script runs atomically
 * (Redis docs, "Scripting with Lua": no other command runs meanwhile), and unlike WATCH/MULTI it
 * needs no connection of its own per operation.
 *
 * KEYS[1] room, KEYS[2] room index, KEYS[3] participant count, KEYS[4..] node room sets (the
 * first ARGV[4] gain the room, the rest lose it). ARGV[1] expected document ('' = absent),
 * ARGV[2] new ('' = delete), ARGV[3] room id, ARGV[5] change in the number of participants.
 */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
redis.call('INCRBY', KEYS[3], ARGV[5])
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[2])
  redis.call('SADD', KEYS[2], ARGV[3])
end
local gaining = tonumber(ARGV[4])
for i = 4, #KEYS do
  if i - 3 <= gaining then redis.call('SADD', KEYS[i], ARGV[3]) else redis.call('SREM', KEYS[i], ARGV[3]) end
end
return 1
`;

/** A busy room sees a few conflicting writers at once; more than this many lost races means something is wrong. */
const MAX_ATTEMPTS = 50;

const ParticipantSchema = z.object({
  id: z.string(),
  name: z.string(),
  socketId: z.string(),
  joinedAt: z.number(),
  grants: z.array(GrantSchema),
  mayHost: z.boolean(),
  accessExpiresAt: z.number().optional(),
  // Absent in documents written before end-to-end encryption: such a member did not say it encrypts.
  encryptsMedia: z.boolean().default(false),
});

/** What one room key holds: the room, and which node serves each member (for crash cleanup). */
const RoomDocumentSchema = z.object({
  room: z.object({
    id: z.string(),
    meeting: z.string().optional(),
    version: z.number().optional(),
    members: z.array(ParticipantSchema),
    hostId: z.string().nullable(),
    locked: z.boolean(),
    passwordHash: z.string().nullable(),
    removed: z.array(z.string()),
    leftAt: z.array(z.tuple([z.string(), z.number()])),
    mode: RoomModeSchema.optional(),
    sfu: z.object({ url: z.string(), janusRoom: z.number() }).nullish(),
    recording: z.object({ id: z.string(), url: z.string(), janusRoom: z.number() }).nullish(),
    hostLeft: z.object({ id: z.string(), at: z.number(), passedTo: z.string().nullable() }).nullish(),
    hands: z.array(z.tuple([z.string(), z.number()])).optional(),
    replaced: z.array(z.string()).optional(),
    handsRev: z.number().optional(),
    waiting: z
      .object({
        enabled: z.boolean(),
        rev: z.number().optional(),
        knocks: z.array(z.object({ id: z.string(), name: z.string(), socketId: z.string(), at: z.number(), from: z.string() })),
        admitted: z.array(z.tuple([z.string(), z.object({ socketId: z.string(), at: z.number() })])),
        denied: z.array(z.tuple([z.string(), z.number()])),
      })
      .optional(),
    breakouts: z
      .object({
        open: z
          .object({
            rooms: z.array(
              z.object({ id: z.string(), name: z.string(), members: z.array(z.object({ id: z.string(), name: z.string() })) }),
            ),
            endsAt: z.number().nullable(),
          })
          .nullable(),
        rev: z.number(),
      })
      .optional(),
    e2ee: z.boolean().optional(),
  }),
  nodes: z.record(z.string(), z.string()),
});

interface Loaded {
  raw: string;
  room: RoomState | null;
  nodes: Map<string, string>;
}

/**
 * Rooms in Redis, shared by every node of a deployment. Each room is one JSON document
 * changed by compare-and-set (see COMPARE_AND_SET), so a change made by any node is atomic
 * with respect to every other node. Each member is tagged with the node that serves its
 * connection, so the room can be cleaned when that node dies (see cluster/NodeReaper).
 */
export class RedisRoomStore implements RoomStore {
  readonly #redis: Redis;
  readonly #keys: ClusterKeys;
  /** The node this store runs on: joins made here are served here. */
  readonly nodeId: string;

  constructor(redis: Redis, nodeId: string, keys = new ClusterKeys()) {
    this.#redis = redis;
    this.nodeId = nodeId;
    this.#keys = keys;
  }

  async join(
    roomId: string,
    participant: Participant,
    maxParticipants: number,
    admit?: Admission,
    setup?: RoomSetup,
  ): Promise<JoinOutcome> {
    return this.#change(roomId, (loaded) => {
      const room = loaded.room ?? new RoomState(roomId);
      const outcome = room.add(participant, maxParticipants, admit, setup);
      if (outcome.ok) loaded.nodes.set(participant.id, this.nodeId);
      return { result: outcome, room: outcome.ok ? room : loaded.room };
    });
  }

  async leave(roomId: string, participantId: string): Promise<Participant | null> {
    return this.leaveIf(roomId, participantId, () => true);
  }

  /**
   * Removes a participant only if `still` holds for the node serving them, checked atomically
   * with the removal (a crashed node's member is not removed if it resumed elsewhere meanwhile).
   */
  async leaveIf(roomId: string, participantId: string, still: (nodeId: string | undefined) => boolean): Promise<Participant | null> {
    return this.#change(roomId, (loaded) => {
      if (!loaded.room || !still(loaded.nodes.get(participantId))) return { result: null, room: loaded.room };
      return { result: loaded.room.remove(participantId), room: loaded.room };
    });
  }

  async adopt(roomId: string, participantId: string): Promise<boolean> {
    return this.#change(roomId, (loaded) => {
      const present = loaded.room?.get(participantId) != null;
      if (present) loaded.nodes.set(participantId, this.nodeId);
      return { result: present, room: loaded.room };
    });
  }

  async get(roomId: string, participantId: string): Promise<Participant | null> {
    return (await this.#load(roomId)).room?.get(participantId) ?? null;
  }

  async members(roomId: string): Promise<Participant[]> {
    return (await this.#load(roomId)).room?.members() ?? [];
  }

  async status(roomId: string): Promise<RoomStatus | null> {
    return (await this.#load(roomId)).room?.status() ?? null;
  }

  async passwordHash(roomId: string): Promise<string | null> {
    return (await this.#load(roomId)).room?.passwordHash ?? null;
  }

  async update<T>(roomId: string, change: (room: RoomState) => T): Promise<T | null> {
    return this.#change(roomId, (loaded) => {
      if (!loaded.room) return { result: null, room: null };
      return { result: change(loaded.room), room: loaded.room };
    });
  }

  /** Kept up to date by every change (see COMPARE_AND_SET): two reads, whatever the number of rooms. */
  async stats(): Promise<{ rooms: number; participants: number }> {
    const [rooms, participants] = await Promise.all([this.#redis.scard(this.#keys.rooms), this.#redis.get(this.#keys.participants)]);
    return { rooms, participants: Number(participants ?? 0) };
  }

  /** Rooms where `nodeId` serves someone, and who (for the reaper). */
  async servedBy(nodeId: string): Promise<{ roomId: string; participantIds: string[] }[]> {
    const ids = await this.#redis.smembers(this.#keys.nodeRooms(nodeId));
    const served = [];
    for (const roomId of ids) {
      const { nodes } = await this.#load(roomId);
      const participantIds = [...nodes].filter(([, node]) => node === nodeId).map(([id]) => id);
      if (participantIds.length > 0) served.push({ roomId, participantIds });
    }
    return served;
  }

  /** Read, change in JS, compare-and-set; again on a conflict. */
  async #change<T>(roomId: string, change: (loaded: Loaded) => { result: T; room: RoomState | null }): Promise<T> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const loaded = await this.#load(roomId);
      const before = new Set(loaded.nodes.values());
      // Read before the change: it mutates the loaded room in place.
      const sizeBefore = loaded.room?.size ?? 0;
      const { result, room } = change(loaded);
      const kept = room && !room.isEmpty ? room : null;
      for (const id of [...loaded.nodes.keys()]) if (!kept?.get(id)) loaded.nodes.delete(id);
      const after = new Set(loaded.nodes.values());
      const next = kept ? JSON.stringify({ room: kept.toData(), nodes: Object.fromEntries(loaded.nodes) }) : '';
      if (next === loaded.raw) return result;
      const gaining = [...after].map((node) => this.#keys.nodeRooms(node));
      const losing = [...before].filter((node) => !after.has(node)).map((node) => this.#keys.nodeRooms(node));
      const keys = [this.#keys.room(roomId), this.#keys.rooms, this.#keys.participants, ...gaining, ...losing];
      const delta = (kept?.size ?? 0) - sizeBefore;
      const written = await this.#redis.eval(COMPARE_AND_SET, keys.length, ...keys, loaded.raw, next, roomId, gaining.length, delta);
      if (written === 1) return result;
    }
    throw new Error(`Room ${roomId} is changed by too many nodes at once (gave up after ${MAX_ATTEMPTS} attempts).`);
  }

  async #load(roomId: string): Promise<Loaded> {
    const raw = (await this.#redis.get(this.#keys.room(roomId))) ?? '';
    return raw ? { raw, ...this.#parse(raw) } : { raw, room: null, nodes: new Map() };
  }

  /** Documents are written by Parley nodes only; one that does not parse is treated as no room. */
  #parse(raw: string): { room: RoomState | null; nodes: Map<string, string> } {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return { room: null, nodes: new Map() };
    }
    const parsed = RoomDocumentSchema.safeParse(json);
    if (!parsed.success) return { room: null, nodes: new Map() };
    return { room: RoomState.fromData(parsed.data.room), nodes: new Map(Object.entries(parsed.data.nodes)) };
  }
}
