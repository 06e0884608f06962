import { SafeEmitter } from '../../src/SafeEmitter.js';
import type { LocalTracks } from '../../src/media/LocalTracks.js';
import { syntheticTracks } from './wrtc.js';

/** A camera and microphone made of synthetic tracks, as a Node bot would have. */
export class FakeMedia extends SafeEmitter<{ 'tracks-changed': () => void }> implements LocalTracks {
  audioTrack: MediaStreamTrack | null;
  videoTrack: MediaStreamTrack | null;
  constructor() {
    super();
    const tracks = syntheticTracks();
    this.audioTrack = tracks.audio;
    this.videoTrack = tracks.video;
  }
  replaceVideo(track: MediaStreamTrack | null): void {
    this.videoTrack?.stop();
    this.videoTrack = track;
    this.emit('tracks-changed');
  }
  stop(): void {
    this.audioTrack?.stop();
    this.videoTrack?.stop();
  }
}
