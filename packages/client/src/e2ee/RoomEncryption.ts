import type { FrameTransforms } from '../peer/FrameTransforms.js';
import { E2eeHub, type E2eeRoom } from './E2eeHub.js';
import { FrameWorkerClient } from './FrameWorkerClient.js';
import { E2eeIdentity } from './identity.js';
import { ScriptFrameTransforms } from './ScriptFrameTransforms.js';

/** What a Room is given to encrypt media end to end (RoomOptions.e2ee). */
export interface E2eeOptions {
  /**
   * Makes a module worker that runs `serveFrameTransforms(self)` (from `@parley/client/e2ee`):
   * every frame sent and received passes through it, and the keys live there only. The Room
   * makes one when it joins and ends it when it leaves.
   */
  createWorker(): Worker;
}

/** What the Room hears from its encryption. */
export interface RoomEncryptionEvents {
  codeChanged: () => void;
  /** A participant's link sent something the key exchange refused (see LinkKeyExchange). */
  refused: (participantId: string, reason: string) => void;
}

/**
 * One participant's end-to-end encryption in a room: its identity, the frame worker that holds
 * the keys, the transforms every peer connection attaches, and the key exchange over each link
 * (E2eeHub). The room's `e2ee` status only switches the worker between encrypting and passing
 * frames as they are: the keys are exchanged either way, so turning it on again takes effect at
 * the next frame.
 */
export class RoomEncryption {
  readonly transforms: FrameTransforms;
  readonly #thread: Worker;
  readonly #worker: FrameWorkerClient;
  readonly #hub: E2eeHub;
  #on = true;

  private constructor(room: E2eeRoom, worker: Worker, identity: E2eeIdentity, events: RoomEncryptionEvents) {
    this.#thread = worker;
    this.#worker = new FrameWorkerClient(worker);
    this.transforms = new ScriptFrameTransforms(worker);
    this.#hub = new E2eeHub(room, this.#worker, identity);
    this.#hub.on('safety-code', events.codeChanged);
    this.#hub.on('refused', events.refused);
  }

  /** False where the browser cannot transform frames in a worker (then a Room joins without encryption). */
  static get supported(): boolean {
    return ScriptFrameTransforms.supported;
  }

  static async create(room: E2eeRoom, options: E2eeOptions, events: RoomEncryptionEvents): Promise<RoomEncryption> {
    const identity = await E2eeIdentity.create();
    return new RoomEncryption(room, options.createWorker(), identity, events);
  }

  /** The room's safety code as this participant computes it (see E2eeHub); null before a link proved its identity. */
  get safetyCode(): string | null {
    return this.#hub.safetyCode;
  }

  /** The room's status says whether media is encrypted. */
  setEnabled(on: boolean): void {
    if (on === this.#on) return;
    this.#on = on;
    void this.#worker.setEncryption(on);
  }

  /** The room was left: its keys go with the worker. */
  close(): void {
    this.#thread.terminate();
  }

  /** What the receiving side decrypted and dropped (by reason), and what the sending side could not encrypt. */
  counts() {
    return this.#worker.counts();
  }
}
