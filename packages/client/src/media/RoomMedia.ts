import type { MediaState, MediaStateMessage, MediaStateRequest } from '@parley/protocol';
import type { LocalTrackSet } from '../peerSignals.js';
import type { RemoteParticipant } from '../RemoteParticipant.js';
import { ScreenShare } from './ScreenShare.js';

export type { MediaState };

/** How long a state from someone not (yet) known is kept for their participant-joined. */
const EARLY_STATE_MS = 30_000;

/** What RoomMedia needs from its Room. */
export interface RoomMediaHost {
  localTracks(): LocalTrackSet;
  participants(): Iterable<RemoteParticipant>;
  /** Those our camera's video is paused to for lack of bandwidth (see VideoBandwidthGuard). */
  videoPausedTo(): string[];
  /** This computer is too busy for full-size video (see CpuAdaptation); absent: never. */
  cpuBusy?(): boolean;
  participant(id: string): RemoteParticipant | undefined;
  /** Sends on the signaling connection; false while not in the room (nothing was sent). */
  send(request: MediaStateRequest): boolean;
  /** The Room has left: a share that was still being picked must not start. */
  left(): boolean;
  onRemoteState(participant: RemoteParticipant, state: MediaState): void;
  onLocalScreenShare(share: ScreenShare | null): void;
  onError(error: unknown): void;
  /** SFU mode: the screen tracks a mesh link should carry (none once the SFU carries them). */
  meshScreenTracks?(participant: RemoteParticipant, tracks: readonly MediaStreamTrack[]): readonly MediaStreamTrack[];
  /** SFU mode: the share goes on the publisher's screen slots too. */
  onScreenTracks?(tracks: readonly MediaStreamTrack[]): void;
}

/**
 * The media part of a Room: announcing your mic / camera / screen state (media-state over
 * signaling, so it works the same through an SFU, which has no peer data channel), learning
 * everyone else's, and your screen share on every peer link.
 *
 * Announcements: a broadcast when your state changes and once on every join, plus a direct one
 * to each newcomer; the server stores none of it.
 */
export class RoomMedia {
  readonly #host: RoomMediaHost;
  #screenShare: ScreenShare | null = null;
  /**
   * States that arrived before the participant-joined of their sender (order across events is not
   * guaranteed). Only that short gap needs them, so they are dropped after EARLY_STATE_MS.
   */
  readonly #early = new Map<string, { state: MediaState; at: number }>();
  /** The last state broadcast, so unchanged track events send nothing. */
  #announced = '';

  constructor(host: RoomMediaHost) {
    this.#host = host;
  }

  /** What you send: mic on and unmuted, camera on, sharing. */
  get state(): MediaState {
    const { audio, video } = this.#host.localTracks();
    const pausedTo = this.#host.videoPausedTo();
    return {
      audio: audio !== null && audio.enabled && audio.readyState === 'live',
      video: video !== null && video.readyState === 'live',
      screen: this.#screenShare !== null,
      ...(pausedTo.length > 0 ? { videoPausedTo: pausedTo } : {}),
      ...(this.#host.cpuBusy?.() ? { cpuBusy: true as const } : {}),
    };
  }

  get screenShare(): ScreenShare | null {
    return this.#screenShare;
  }

  /** Broadcast your state if it changed (`force`: even if not, after a join), or tell one newcomer (`to`). */
  announce(options: { to?: string; force?: boolean } = {}): void {
    const state = this.state;
    if (options.to !== undefined) {
      this.#host.send({ ...state, to: options.to });
      return;
    }
    const key = JSON.stringify(state);
    if (key === this.#announced && !options.force) return;
    if (this.#host.send(state)) this.#announced = key;
  }

  /** A relayed `media-state` (validated here: the client never trusts a relayed payload). */
  receive(message: MediaStateMessage): void {
    const { from, ...state } = message;
    const participant = this.#host.participant(from);
    if (!participant) {
      const now = Date.now();
      for (const [id, early] of this.#early) if (now - early.at > EARLY_STATE_MS) this.#early.delete(id);
      this.#early.set(from, { state, at: now });
      return;
    }
    participant.setMedia(state);
    this.#host.onRemoteState(participant, state);
  }

  /**
   * A participant was added: give it the state that came early, and your screen share; a newcomer
   * (not someone listed at your own join) also gets your state, addressed to them alone.
   */
  adopt(participant: RemoteParticipant, options: { newcomer: boolean }): void {
    const early = this.#early.get(participant.id);
    this.#early.delete(participant.id);
    if (early) participant.setMedia(early.state);
    if (this.#screenShare) this.#sendScreenTo(participant, this.#screenShare.tracks);
    if (options.newcomer) this.announce({ to: participant.id });
  }

  async startScreenShare(mediaDevices?: MediaDevices): Promise<ScreenShare | null> {
    if (this.#screenShare) return this.#screenShare;
    const share = await ScreenShare.start(mediaDevices);
    if (!share) return null;
    if (this.#host.left() || this.#screenShare) {
      share.stop();
      return this.#screenShare;
    }
    this.#screenShare = share;
    share.on('ended', () => this.stopScreenShare());
    this.#sendScreen(share.tracks);
    this.#host.onLocalScreenShare(share);
    return share;
  }

  stopScreenShare(): void {
    const share = this.#screenShare;
    if (!share) return;
    this.#screenShare = null;
    share.stop();
    this.#sendScreen([]);
    this.#host.onLocalScreenShare(null);
  }

  #sendScreen(tracks: MediaStreamTrack[]): void {
    for (const participant of this.#host.participants()) this.#sendScreenTo(participant, tracks);
    this.#host.onScreenTracks?.(tracks);
    this.announce();
  }

  #sendScreenTo(participant: RemoteParticipant, tracks: readonly MediaStreamTrack[]): void {
    const carried = this.#host.meshScreenTracks?.(participant, tracks) ?? tracks;
    participant.link.setScreenTracks(carried).catch((error: unknown) => this.#host.onError(error));
  }
}
