import type { RoomEvents } from '../RoomEvents.js';
import type { RemoteParticipant } from '../RemoteParticipant.js';
import { SafeEmitter } from '../SafeEmitter.js';
import { whenOpen, type DataChannels } from '../data/channels.js';
import { dtlsFingerprint } from '../peer/dtlsFingerprint.js';
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
 * Reactions to the room run one at a time, in order, so a newcomer's first key is already the
 * rotated one.
 */
export class E2eeHub extends SafeEmitter<E2eeHubEvents> {
  readonly #worker: FrameWorkerClient;
  readonly #identity: E2eeIdentity;
  /**
   * By participant object, not id: a link that is rebuilt leaves and joins again under the same id,
   * and what belongs to the old link must not be mistaken for the new one's.
   */
  readonly #exchanges = new Map<RemoteParticipant, LinkKeyExchange>();
  /** Links whose exchange has started: they hold our current key, or get it once they prove an identity. */
  readonly #started = new Set<RemoteParticipant>();
  readonly #identities = new Map<RemoteParticipant, Uint8Array>();
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

  /** Resolves once every reaction so far has run (for tests and for a clean leave). */
  settled(): Promise<void> {
    return this.#queue;
  }

  #joined(participant: RemoteParticipant): void {
    const link = participant.link;
    const attach = (channels: DataChannels) => {
      const exchange = new LinkKeyExchange(channels.e2ee, this.#identity, () => fingerprintsOf(link.pc), {
        identity: (publicKey) => {
          if (this.#exchanges.get(participant) !== exchange) return; // left meanwhile
          this.#identities.set(participant, publicKey);
          // Our key has just gone to them (it waits for their identity): a key frame under it
          // lets them show our video now rather than after asking for one.
          this.#enqueue(async () => {
            await this.#updateCode();
            await this.#worker.keyFrame();
          });
        },
        key: (key) =>
          this.#enqueue(async () => {
            await this.#worker.addKey(participant.id, key);
            // Their frames under the key before stay readable a while: some are still on the way.
            setTimeout(() => this.#enqueue(() => this.#worker.forgetOlderKeys(participant.id, key.keyId)), OLD_KEY_GRACE_MS);
          }),
        refused: (reason) => this.emit('refused', participant.id, reason),
      });
      this.#exchanges.set(participant, exchange);
      whenOpen(channels.e2ee, () => this.#enqueue(() => this.#start(participant, exchange)));
    };
    if (link.dataChannels) attach(link.dataChannels);
    else link.on('data-channels', attach);
  }

  async #start(participant: RemoteParticipant, exchange: LinkKeyExchange): Promise<void> {
    if (this.#exchanges.get(participant) !== exchange) return; // they left meanwhile
    // Our key went to the others already: the newcomer gets a new one, and so do they.
    if (this.#started.size > 0) await this.#rotate();
    this.#started.add(participant);
    await exchange.start(await this.#worker.sendingKey());
  }

  /** At once what belongs to their link; then, in turn, their keys go and ours changes. */
  #left(participant: RemoteParticipant): void {
    this.#exchanges.get(participant)?.close();
    this.#exchanges.delete(participant);
    this.#identities.delete(participant);
    const heldOurKey = this.#started.delete(participant);
    this.#enqueue(async () => {
      await this.#worker.forgetParticipant(participant.id);
      if (heldOurKey) await this.#rotate();
      await this.#updateCode();
    });
  }

  /** A new sending key, to everyone whose exchange has started. */
  async #rotate(): Promise<void> {
    const key = await this.#worker.rotate();
    for (const participant of this.#started) this.#exchanges.get(participant)?.sendKey(key);
  }

  async #updateCode(): Promise<void> {
    const code = await safetyCode([this.#identity.publicKey, ...this.#identities.values()]);
    if (code === this.#code) return;
    this.#code = code;
    this.emit('safety-code', code);
  }

  #enqueue(step: () => Promise<void>): void {
    this.#queue = this.#queue.then(step).catch((error: unknown) => {
      this.onListenerError(error, 'e2ee');
    });
  }
}

function fingerprintsOf(pc: RTCPeerConnection): LinkFingerprints | null {
  const local = pc.localDescription ? dtlsFingerprint(pc.localDescription.sdp) : null;
  const remote = pc.remoteDescription ? dtlsFingerprint(pc.remoteDescription.sdp) : null;
  return local && remote ? { local, remote } : null;
}
