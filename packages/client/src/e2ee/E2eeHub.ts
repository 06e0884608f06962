import type { RoomEvents } from '../RoomEvents.js';
import type { RemoteParticipant } from '../RemoteParticipant.js';
import { SafeEmitter } from '../SafeEmitter.js';
import { whenOpen, type DataChannels } from '../data/channels.js';
import { dtlsFingerprint } from '../peer/dtlsFingerprint.js';
import type { SendingKey } from './E2eeKeyring.js';
import type { FrameWorkerClient } from './FrameWorkerClient.js';
import type { E2eeIdentity } from './identity.js';
import { LinkKeyExchange, type LinkFingerprints } from './LinkKeyExchange.js';
import { safetyCode } from './safetyCode.js';

/** How long a participant's previous key still decrypts after their next arrived. */
const OLD_KEY_GRACE_MS = 2_000;

/** What the hub tells its owner. */
export interface E2eeHubEvents {
  /** The room's safety code changed (someone's identity was proved, or someone left). */
  'safety-code': (code: string) => void;
  /** Something a participant's link sent was refused (see LinkKeyExchange). */
  refused: (participantId: string, reason: string) => void;
}

/** The part of a Room the hub listens to. */
export interface E2eeRoom {
  on: SafeEmitter<RoomEvents>['on'];
}

/**
 * A room's end-to-end key exchange: on each participant's link, the identities and sending keys
 * (LinkKeyExchange), their keys into the frame worker, and a new sending key of ours whenever
 * the people who hold the current one change: when someone leaves (they must not read what
 * follows) and when someone joins after ours was given out (they must not read what came before).
 *
 * Nothing here waits for the frame worker but a new key of ours: the worker takes requests in the
 * order they are posted, so the others' keys and the forgetting of those who left go to it as they
 * come. A page starved of CPU answers late (seen: 1 to 13 s a round trip beside five browsers on two
 * busy cores), and a chain of waits there kept a newcomer's key from the worker for over a minute.
 * Our own identity goes at once on an open link; the key follows. Links that open while a new key
 * is being made (people joining at the same moment) share the next one: one rotation for all.
 */
export class E2eeHub extends SafeEmitter<E2eeHubEvents> {
  readonly #worker: FrameWorkerClient;
  readonly #identity: E2eeIdentity;
  /**
   * By participant object, not id: a link that is rebuilt leaves and joins again under the same id,
   * and what belongs to the old link must not be mistaken for the new one's.
   */
  readonly #exchanges = new Map<RemoteParticipant, LinkKeyExchange>();
  /** Links given our current key (or getting it once they prove an identity). */
  readonly #holders = new Set<RemoteParticipant>();
  /** Open links waiting for our key: the next rekey gives them one. */
  readonly #waiting = new Set<RemoteParticipant>();
  readonly #identities = new Map<RemoteParticipant, Uint8Array>();
  /** Someone who held our key left: the next rekey makes a new one. */
  #holderLeft = false;
  /** Our sending key as last heard from the worker (it changes only when this hub rotates it). */
  #key: SendingKey | null = null;
  #queue: Promise<void> = Promise.resolve();
  #code: string | null = null;

  constructor(room: E2eeRoom, worker: FrameWorkerClient, identity: E2eeIdentity) {
    super();
    this.#worker = worker;
    this.#identity = identity;
    room.on('participant-joined', (participant) => this.#joined(participant));
    room.on('participant-left', (participant) => this.#left(participant));
  }

  /** The room's safety code as this participant sees it; null before the first is computed. */
  get safetyCode(): string | null {
    return this.#code;
  }

  /** Resolves once every reaction so far has run, and the worker has taken what it was sent (for tests and a clean leave). */
  async settled(): Promise<void> {
    await this.#queue;
    await this.#worker.counts();
  }

  #joined(participant: RemoteParticipant): void {
    const link = participant.link;
    const attach = (channels: DataChannels) => {
      const exchange = new LinkKeyExchange(channels.e2ee, this.#identity, () => fingerprintsOf(link.pc), {
        identity: (publicKey) => {
          if (this.#exchanges.get(participant) !== exchange) return; // left meanwhile
          this.#identities.set(participant, publicKey);
          this.#enqueue(() => this.#updateCode());
          // Our key is on its way to them now (it waited for their identity): a key frame under it
          // lets them show our video at once rather than after asking for one.
          this.#tell(this.#worker.keyFrame());
        },
        key: (key) => {
          // A message the link had read before it closed (it is being rebuilt, or they left) is not theirs any more.
          if (this.#exchanges.get(participant) !== exchange) return;
          this.#tell(this.#worker.addKey(participant.id, key));
          // Their frames under the key before stay readable a while: some are still on the way.
          setTimeout(() => this.#tell(this.#worker.forgetOlderKeys(participant.id, key.keyId)), OLD_KEY_GRACE_MS);
        },
        refused: (reason) => this.emit('refused', participant.id, reason),
      });
      this.#exchanges.set(participant, exchange);
      whenOpen(channels.e2ee, () => {
        if (this.#exchanges.get(participant) !== exchange) return; // they left meanwhile
        this.#tell(exchange.start());
        this.#waiting.add(participant);
        this.#enqueue(() => this.#rekey());
      });
    };
    if (link.dataChannels) attach(link.dataChannels);
    else link.on('data-channels', attach);
  }

  /** At once what belongs to their link, and their keys; then, in turn, ours changes. */
  #left(participant: RemoteParticipant): void {
    this.#exchanges.get(participant)?.close();
    this.#exchanges.delete(participant);
    this.#identities.delete(participant);
    this.#waiting.delete(participant);
    if (this.#holders.delete(participant)) this.#holderLeft = true;
    this.#tell(this.#worker.forgetParticipant(participant.id));
    this.#enqueue(async () => {
      await this.#rekey();
      await this.#updateCode();
    });
  }

  /**
   * A new sending key to everyone, when someone who held ours left or someone new would get one
   * others hold already; newcomers alone (the first links) get the current one.
   */
  async #rekey(): Promise<void> {
    const newcomers = [...this.#waiting];
    this.#waiting.clear();
    const rotate = this.#holderLeft || (newcomers.length > 0 && this.#holders.size > 0);
    if (!rotate && newcomers.length === 0) return;
    this.#holderLeft = false;
    this.#key = rotate ? await this.#worker.rotate() : (this.#key ?? (await this.#worker.sendingKey()));
    for (const participant of newcomers) if (this.#exchanges.has(participant)) this.#holders.add(participant);
    for (const participant of this.#holders) this.#exchanges.get(participant)?.sendKey(this.#key);
  }

  async #updateCode(): Promise<void> {
    const code = await safetyCode([this.#identity.publicKey, ...this.#identities.values()]);
    if (code === this.#code) return;
    this.#code = code;
    this.emit('safety-code', code);
  }

  /** One at a time, in order: rotations and the safety code. */
  #enqueue(step: () => Promise<void>): void {
    this.#queue = this.#queue.then(step).catch((error: unknown) => this.#failed(error));
  }

  /** What goes to the worker (or a link) without waiting for its answer: only its failure matters. */
  #tell(request: Promise<void>): void {
    request.catch((error: unknown) => this.#failed(error));
  }

  #failed(error: unknown): void {
    this.onListenerError(error, 'e2ee');
  }
}

function fingerprintsOf(pc: RTCPeerConnection): LinkFingerprints | null {
  const local = pc.localDescription ? dtlsFingerprint(pc.localDescription.sdp) : null;
  const remote = pc.remoteDescription ? dtlsFingerprint(pc.remoteDescription.sdp) : null;
  return local && remote ? { local, remote } : null;
}
