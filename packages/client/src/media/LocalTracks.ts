/**
 * What a Room needs from local media: the current microphone and camera tracks and a
 * signal when they change. `LocalMedia` implements it with getUserMedia; a Node bot
 * implements it with synthetic tracks.
 */
export interface LocalTracks {
  readonly audioTrack: MediaStreamTrack | null;
  readonly videoTrack: MediaStreamTrack | null;
  /** Mute or unmute the microphone (a host's mute request calls it with false). */
  setMicEnabled?(enabled: boolean): void;
  on(event: 'tracks-changed', listener: () => void): unknown;
  off(event: 'tracks-changed', listener: () => void): unknown;
}
