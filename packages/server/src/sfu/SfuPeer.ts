import VideoRoomPlugin, { type Jsep, type Publisher, type SubscriberStream, type VideoRoomHandle } from 'janode/plugins/videoroom';
import type { JanodeSession } from 'janode';
import {
  ParleyError,
  SfuAnswerSchema,
  type SfuAnswer,
  type SfuCandidate,
  type SfuConnection,
  type SfuOffer,
  type SfuPublishRequest,
  type SfuSession,
  type SfuSlot,
  type SfuStream,
} from '@parley/protocol';
import type { Logger } from 'pino';
import type { ParleySocket } from '../io/types.js';
import type { JanusInstance } from './JanusPool.js';

/**
 * How long a client has to answer a subscriber offer. Applying one can take a starved browser
 * long (16 s seen for 16 m-lines, six browsers on two cores); giving up costs more (the
 * participant starts SFU mode over), so only a client that is gone in all but name hits this.
 */
const ANSWER_TIMEOUT_MS = 30_000;
/**
 * Candidates held for a connection whose handle does not exist yet (trickle racing the publish).
 * A browser gathers a handful per connection (host, srflx, relay per component, RFC 8445 §5.1.1);
 * past this many, a client is not gathering but flooding.
 */
export const MAX_EARLY_CANDIDATES = 32;

const REBOUND = Symbol('rebound');

type JanusCandidate = { candidate?: string; sdpMid?: string; sdpMLineIndex?: number; completed?: boolean };

/**
 * One participant's presence on Janus: a session with a publisher handle (their camera, mic and
 * screen slots) and one multistream subscriber handle (everyone else's media on ONE connection,
 * Janus 1.x VideoRoom `join` as subscriber with `streams`, then `update`). The server drives it:
 * it learns who publishes from Janus's events, subscribes the participant to them, and relays the
 * subscriber's offers and both connections' ICE candidates over the participant's socket.
 */
export class SfuPeer {
  readonly participantId: string;
  /** The client's number for this session, stamped on all it sends them (see SfuSessionSchema). */
  readonly session: SfuSession;
  /** The participant's signaling connection now (see rebind). */
  #socket: ParleySocket;
  /** Called when the connection is replaced, so the offer waiting on the old one (one at a time: #queue) is sent again. */
  #onRebind: () => void = () => undefined;
  readonly #instance: JanusInstance;
  readonly #janusRoom: number;
  readonly #log: Logger;
  #session: Promise<JanodeSession> | null = null;
  readonly #handles: Partial<Record<SfuConnection, VideoRoomHandle>> = {};
  /** Candidates that arrived before their handle existed (trickle races the offer). */
  readonly #early: Record<SfuConnection, SfuCandidate['candidate'][]> = { publisher: [], subscriber: [] };
  /** Other participants' feeds in the Janus room, by feed id, with their streams' slots. */
  readonly #feeds = new Map<number, Publisher>();
  readonly #subscribed = new Set<number>();
  /** The m-lines of the latest subscriber offer: an ICE restart offers the same ones again. */
  #streams: readonly SubscriberStream[] = [];
  #ownFeed: number | null = null;
  /** Subscriber changes run one at a time: update → offer → the client's answer → start. */
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: {
    participantId: string;
    session: SfuSession;
    socket: ParleySocket;
    instance: JanusInstance;
    janusRoom: number;
    log: Logger;
  }) {
    this.participantId = options.participantId;
    this.session = options.session;
    this.#socket = options.socket;
    this.#instance = options.instance;
    this.#janusRoom = options.janusRoom;
    this.#log = options.log;
    this.#instance.load += 1;
  }

  get socket(): ParleySocket {
    return this.#socket;
  }

  /**
   * The participant's signaling connection was replaced (a blip: recovered, or resumed over a new
   * one). Everything on Janus stays; what we send them goes the new way from now on, and a
   * subscriber offer still waiting for its answer is sent again there (the old connection
   * will never bring that answer).
   */
  rebind(socket: ParleySocket): void {
    if (socket === this.#socket) return;
    this.#socket = socket;
    this.#onRebind();
  }

  /** Publishes the participant's offer (camera with simulcast, mic, screen slots); returns Janus's answer. */
  async publish(request: SfuPublishRequest): Promise<SfuAnswer> {
    if (this.#handles.publisher) throw new ParleyError('already-joined', 'Already publishing to the SFU.');
    const handle = await this.#attach('publisher');
    handle.on(VideoRoomPlugin.EVENT.VIDEOROOM_PUB_LIST, ({ publishers }: { publishers: Publisher[] }) => this.#addFeeds(publishers));
    const gone = ({ feed }: { feed: number }) => this.#removeFeed(feed);
    handle.on(VideoRoomPlugin.EVENT.VIDEOROOM_UNPUBLISHED, gone);
    handle.on(VideoRoomPlugin.EVENT.VIDEOROOM_LEAVING, gone);
    // Janus answers the publish only once it has processed the offer; the others' media need not
    // wait for that: their feeds are listed and subscribed to meanwhile.
    void this.#subscribeToPresent(handle);
    const joined = await handle.joinConfigurePublisher({
      room: this.#janusRoom,
      // The display names the participant for subscribers (feed_display): Parley's id, never a person's name.
      display: this.participantId,
      descriptions: request.slots.map(({ mid, slot }) => ({ mid, description: slot })),
      jsep: request.offer,
    });
    this.#ownFeed = joined.feed;
    this.#addFeeds(joined.publishers ?? []);
    const answer = SfuAnswerSchema.safeParse(joined.jsep);
    if (!answer.success) throw new ParleyError('server-error', 'The media server did not answer the publish offer.');
    return answer.data;
  }

  /**
   * A candidate of the participant's publisher or subscriber connection, for Janus. Janus makes
   * the subscriber offer, so a subscriber candidate before any offer was sent is refused; early
   * publisher candidates are held (bounded) until the publish creates the handle.
   */
  async trickle({ connection, candidate }: SfuCandidate): Promise<void> {
    const handle = this.#handles[connection];
    if (handle) {
      await handle.trickle(candidate);
      return;
    }
    if (connection === 'subscriber') {
      throw ParleyError.invalidMessage('sfu-candidate', 'no subscriber offer was made to you yet');
    }
    if (this.#early.publisher.length >= MAX_EARLY_CANDIDATES) {
      throw ParleyError.invalidMessage('sfu-candidate', `more than ${MAX_EARLY_CANDIDATES} candidates before the publish`);
    }
    this.#early.publisher.push(candidate);
  }

  /** Simulcast layer for one subscribed video m-line (VideoRoom `configure`, multistream `substream`). */
  async setLayer(mid: string, substream: number): Promise<void> {
    const subscriber = this.#handles.subscriber;
    if (!subscriber) return;
    await subscriber.configure({ streams: [{ mid, substream }] });
  }

  /**
   * ICE restart of the publisher connection: the client's offer with new credentials on the
   * existing handle (VideoRoom `configure` with a jsep renegotiates a publisher); Janus's answer
   * goes back to the client. The feed, and so everyone's subscription to it, stays.
   */
  async restartPublisher(offer: Jsep): Promise<SfuAnswer> {
    const handle = this.#handles.publisher;
    if (!handle || this.#closed) throw sessionLost();
    const configured = await handle.configure({ jsep: offer });
    const answer = SfuAnswerSchema.safeParse(configured.jsep);
    if (!answer.success) throw new ParleyError('sfu-unavailable', 'The media server did not answer the ICE restart offer.');
    return answer.data;
  }

  /**
   * ICE restart of the subscriber connection: Janus makes the offers there, so ask it for one
   * with new credentials (`configure` with `restart: true`) and relay it like any other, in the
   * subscription queue (never between an update's offer and its answer). Resolves once the
   * client's answer reached Janus.
   */
  restartSubscriber(): Promise<void> {
    const handle = this.#handles.subscriber;
    if (!handle || this.#closed) return Promise.reject(sessionLost());
    const run = this.#queue.then(async () => {
      const configured = await handle.configure({ restart: true });
      if (!configured.jsep) throw new ParleyError('sfu-unavailable', 'The media server made no ICE restart offer.');
      await this.#offer(configured.jsep, this.#streams);
    });
    // The caller hears the failure; the queue goes on with the next change.
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Leaves Janus: destroying the session detaches both handles; the others' subscriptions drop it. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#instance.load = Math.max(0, this.#instance.load - 1);
    const session = await this.#session?.catch(() => null);
    await session?.destroy().catch(() => undefined);
  }

  async #attach(connection: SfuConnection): Promise<VideoRoomHandle> {
    this.#session ??= this.#instance.createSession();
    const handle = await (await this.#session).attach(VideoRoomPlugin);
    if (this.#closed) throw new ParleyError('not-in-room', 'Left the room.');
    this.#handles[connection] = handle;
    handle.on('handle_trickle', (event: JanusCandidate) => {
      if (this.#closed) return;
      const candidate = event.candidate
        ? { candidate: event.candidate, sdpMid: event.sdpMid ?? null, sdpMLineIndex: event.sdpMLineIndex ?? null }
        : null;
      this.#socket.emit('sfu-candidate', { session: this.session, connection, candidate });
    });
    for (const candidate of this.#early[connection].splice(0)) await handle.trickle(candidate);
    return handle;
  }

  /**
   * Subscribes to whoever publishes in the room now. Our own feed, if already listed, is known by
   * its display; a failed listing is no loss: the publish's answer lists the publishers too.
   */
  async #subscribeToPresent(handle: VideoRoomHandle): Promise<void> {
    try {
      const { participants } = await handle.listParticipants({ room: this.#janusRoom });
      this.#addFeeds(participants.filter((participant) => participant.publisher));
    } catch (error) {
      this.#log.debug({ participant: this.participantId, err: (error as Error).message }, 'listing the SFU publishers failed');
    }
  }

  #addFeeds(publishers: readonly Publisher[]): void {
    for (const publisher of publishers) {
      if (publisher.feed === this.#ownFeed || publisher.display === this.participantId) continue;
      // A listing without streams never hides the streams an event described.
      this.#feeds.set(publisher.feed, { ...this.#feeds.get(publisher.feed), ...publisher });
    }
    this.#sync();
  }

  #removeFeed(feed: number): void {
    // Janus updates the subscription itself (autoupdate) and sends the new offer as an event.
    this.#feeds.delete(feed);
    this.#subscribed.delete(feed);
  }

  /** Subscribes to every feed not subscribed yet, one change at a time. */
  #sync(): void {
    this.#queue = this.#queue
      .then(async () => {
        const add = [...this.#feeds.keys()].filter((feed) => !this.#subscribed.has(feed));
        if (add.length === 0 || this.#closed) return;
        for (const feed of add) this.#subscribed.add(feed);
        const streams = add.map((feed) => ({ feed }));
        const existing = this.#handles.subscriber;
        const result = existing ? await existing.update({ subscribe: streams }) : await this.#subscribe(streams);
        if (result.jsep) await this.#offer(result.jsep, result.streams ?? []);
      })
      .catch((error: unknown) => this.#failed('sfu subscription failed', error));
  }

  async #subscribe(streams: { feed: number }[]): Promise<{ jsep?: Jsep; streams?: SubscriberStream[] }> {
    const handle = await this.#attach('subscriber');
    // Janus's own renegotiations (a publisher left: autoupdate) come as events with an offer.
    handle.on(VideoRoomPlugin.EVENT.VIDEOROOM_UPDATED, ({ jsep, streams: updated }: { jsep?: Jsep; streams?: SubscriberStream[] }) => {
      if (!jsep) return;
      this.#queue = this.#queue
        .then(() => this.#offer(jsep, updated ?? []))
        .catch((error: unknown) => this.#failed('sfu renegotiation failed', error));
    });
    return handle.joinSubscriber({ room: this.#janusRoom, streams, autoupdate: true });
  }

  /** Relays a subscriber offer with its m-line map; the client's answer starts (or updates) the subscription. */
  async #offer(jsep: Jsep, streams: readonly SubscriberStream[]): Promise<void> {
    if (this.#closed || jsep.type !== 'offer') return;
    this.#streams = streams;
    const offer: SfuOffer = { session: this.session, offer: { type: 'offer', sdp: jsep.sdp }, streams: this.#describe(streams) };
    const answer = SfuAnswerSchema.parse(await this.#answerTo(offer));
    await this.#handles.subscriber?.start({ jsep: answer });
  }

  /** Sends `offer` and waits for the client's answer; again on each new connection meanwhile. */
  async #answerTo(offer: SfuOffer): Promise<unknown> {
    for (;;) {
      const rebound = new Promise<typeof REBOUND>((resolve) => (this.#onRebind = () => resolve(REBOUND)));
      const reply = this.#socket.timeout(ANSWER_TIMEOUT_MS).emitWithAck('sfu-offer', offer);
      // The old connection's ack, if it ever ends, ends in a timeout nobody waits for.
      reply.catch(() => undefined);
      const outcome = await Promise.race([reply, rebound]);
      if (outcome !== REBOUND) return outcome;
    }
  }

  /**
   * A failed subscription step; expected (debug) once the participant is leaving or gone. Else the
   * subscriber connection is in no state anyone knows (Janus may wait for an answer the client
   * never gave; the client may hold an offer Janus forgot), and nothing later repairs it: the
   * participant would miss everyone who publishes from now on. So the session closes, and the
   * participant is told to publish and subscribe afresh (`sfu-reset`).
   */
  #failed(what: string, error: unknown): void {
    const gone = this.#closed || !this.#socket.connected;
    const reason = (error as Error).message;
    this.#log[gone ? 'debug' : 'warn']({ participant: this.participantId, err: reason }, what);
    if (gone) return;
    void this.close();
    this.#socket.emit('sfu-reset', { session: this.session, reason: `${what}: ${reason}`.slice(0, 300) });
  }

  /** Whose media each m-line carries: Janus's feed_display is the publisher's participant id. */
  #describe(streams: readonly SubscriberStream[]): SfuStream[] {
    const described: SfuStream[] = [];
    for (const stream of streams) {
      if (stream.active === false || stream.feed_id === undefined || !stream.feed_display || stream.type === 'data') continue;
      const published = this.#feeds.get(stream.feed_id)?.streams?.find((candidate) => candidate.mid === stream.feed_mid);
      const slot = slotOf(stream.feed_description ?? published?.description, stream.type);
      described.push({ mid: stream.mid, participant: stream.feed_display, slot });
    }
    return described;
  }
}

/** An ICE restart asked of a session that no longer exists: the client publishes afresh. */
export function sessionLost(): ParleyError {
  return new ParleyError('sfu-session-lost', 'The media server session is gone; publish to the SFU again.');
}

const SLOTS: readonly string[] = ['mic', 'camera', 'screen-audio', 'screen-video'] satisfies SfuSlot[];

function slotOf(description: string | undefined, type: 'audio' | 'video'): SfuSlot {
  if (description && SLOTS.includes(description)) return description as SfuSlot;
  return type === 'audio' ? 'mic' : 'camera';
}
