import type { ParticipantInfo } from '@parley/protocol';
import type { OutgoingSignal, PeerLink } from './PeerLink.js';
import { RemoteParticipant } from './RemoteParticipant.js';
import { SignalSequence } from './SignalSequence.js';

/**
 * After a rejoin that resumed our session, a participant we were connected to but who is
 * not back yet keeps their connection this long (they may be rejoining too, after a server
 * restart); then they are taken as gone.
 */
export const RECONCILE_GRACE_MS = 8_000;

/** What the registry asks of its room when someone comes or goes. */
export interface ParticipantRegistryHost {
  /** A peer link to a newcomer (we offer when `initiator`); null while we cannot make one (not joined). */
  link(info: ParticipantInfo, initiator: boolean): PeerLink | null;
  /** Someone is now in the room, as seen from here. */
  added(participant: RemoteParticipant, initiator: boolean): void;
  /** Someone left (any way): their link is to be closed. */
  removed(participant: RemoteParticipant): void;
  /** Relayed signals from `from` numbered `expected` … `received - 1` never arrived. */
  gap(event: { from: string; expected: number; received: number }): void;
}

/**
 * Who else is in the room, as this client sees them: one RemoteParticipant (and its peer link)
 * per person, added and dropped in one place, with the numbering of the signals each one sends
 * us (server-stamped `seq`: duplicates dropped, gaps reported) and the grace kept for peers a
 * resumed rejoin has not listed yet.
 */
export class ParticipantRegistry {
  readonly #host: ParticipantRegistryHost;
  readonly #participants = new Map<string, RemoteParticipant>();
  /** Peers kept across a resumed rejoin until they come back (see RECONCILE_GRACE_MS). */
  readonly #awaiting = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #sequence = new SignalSequence();

  constructor(host: ParticipantRegistryHost) {
    this.#host = host;
  }

  get all(): ReadonlyMap<string, RemoteParticipant> {
    return this.#participants;
  }

  get(id: string): RemoteParticipant | undefined {
    return this.#participants.get(id);
  }

  values(): IterableIterator<RemoteParticipant> {
    return this.#participants.values();
  }

  /** Someone is in the room (already there at our join when `initiator`, else a newcomer). */
  add(info: ParticipantInfo, initiator: boolean): void {
    if (this.#participants.has(info.id)) return;
    const link = this.#host.link(info, initiator);
    if (!link) return;
    const participant = new RemoteParticipant(info.id, info.name, link);
    this.#participants.set(info.id, participant);
    this.#host.added(participant, initiator);
  }

  /** A newcomer announced by the server; someone we kept across a resume is back (their link never stopped). */
  joined(info: ParticipantInfo): void {
    this.#stopAwaiting(info.id);
    this.add(info, false);
  }

  /**
   * A signal from `from`, to their link. An offer from another connection of theirs than the one
   * our link talks to means they rebuilt their side while we kept ours (they took us as gone and
   * we resumed, or we missed their leaving and coming back): our link is rebuilt too, and the
   * new one answers.
   */
  deliver(from: string, signal: OutgoingSignal): void {
    let participant = this.#participants.get(from);
    if (participant && signal.description && participant.link.isFromAnotherConnection(signal.description)) {
      participant = this.#replaceLink(participant, false);
    }
    void participant?.link.handleSignal(signal);
  }

  /**
   * Replaces our link to `id` with a new one that offers (its restarts did not bring it back).
   * The other side sees an offer from another connection of ours and rebuilds theirs (see deliver).
   */
  rebuild(id: string): void {
    const participant = this.#participants.get(id);
    if (participant) this.#replaceLink(participant, true);
  }

  /** The same person with a new link (we offer when `initiator`); their signals keep the server's numbering. */
  #replaceLink(participant: RemoteParticipant, initiator: boolean): RemoteParticipant | undefined {
    const info = { id: participant.id, name: participant.name };
    this.#remove(participant.id);
    this.add(info, initiator);
    return this.#participants.get(participant.id);
  }

  drop(id: string): void {
    this.#remove(id);
    this.#sequence.forget(id);
  }

  #remove(id: string): void {
    this.#stopAwaiting(id);
    const participant = this.#participants.get(id);
    if (!participant) return;
    this.#participants.delete(id);
    this.#host.removed(participant);
  }

  dropAll(): void {
    for (const timer of this.#awaiting.values()) clearTimeout(timer);
    this.#awaiting.clear();
    for (const id of [...this.#participants.keys()]) this.drop(id);
  }

  /** After a resumed rejoin: peers we hold a link to but the server does not list yet get RECONCILE_GRACE_MS to come back. */
  reconcile(present: readonly ParticipantInfo[]): void {
    const ids = new Set(present.map((info) => info.id));
    for (const id of this.#participants.keys()) {
      if (ids.has(id) || this.#awaiting.has(id)) continue;
      const timer = setTimeout(() => {
        this.#awaiting.delete(id);
        this.drop(id);
      }, RECONCILE_GRACE_MS);
      this.#awaiting.set(id, timer);
    }
  }

  /**
   * A (re)join is a new numbering: the server that answers it (restarted, or another node)
   * counts every sender's signals to us from 1. A recovered socket keeps its numbering.
   */
  restartNumbering(): void {
    this.#sequence.clear();
  }

  /** False for a duplicate (dropped); a gap is reported and the signal still used. */
  accept(from: string, seq: number): boolean {
    const verdict = this.#sequence.check(from, seq);
    if (verdict.kind === 'gap') this.#host.gap({ from, expected: verdict.expected, received: verdict.received });
    return verdict.kind !== 'duplicate';
  }

  #stopAwaiting(id: string): void {
    const timer = this.#awaiting.get(id);
    if (timer) clearTimeout(timer);
    this.#awaiting.delete(id);
  }
}
