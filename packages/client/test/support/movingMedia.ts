import { movingCamera, toneMicrophone } from '../../../server/test/support/wrtcMedia.js';
import { Room } from '../../src/Room.js';
import { SafeEmitter } from '../../src/SafeEmitter.js';
import type { LocalTracks } from '../../src/media/LocalTracks.js';
import { webrtc } from './wrtc.js';

/** A moving synthetic camera and a tone (libwebrtc), as a Room's local media in Node. */
export class MovingMedia extends SafeEmitter<{ 'tracks-changed': () => void }> implements LocalTracks {
  #camera = movingCamera(160, 120);
  readonly #mic = toneMicrophone();
  get videoTrack(): MediaStreamTrack {
    return this.#camera.track;
  }
  get audioTrack(): MediaStreamTrack {
    return this.#mic.track;
  }
  /** Another camera, as a device switch does: the old one stops for good. */
  switchCamera(): void {
    const old = this.#camera;
    this.#camera = movingCamera(160, 120);
    this.emit('tracks-changed');
    old.stop();
  }
  setMicEnabled(enabled: boolean): void {
    this.#mic.track.enabled = enabled;
    this.emit('tracks-changed');
  }
  stop(): void {
    this.#camera.stop();
    this.#mic.stop();
  }
}

/** One person in a test room: their Room, their media, and the names they saw leave. */
export interface Person {
  room: Room;
  media: MovingMedia;
  left: string[];
}

/** People who join rooms with moving media; `leaveAll()` (in afterAll) ends every room and camera. */
export class People {
  readonly all: Person[] = [];

  async enter(serverUrl: string, roomId: string, name: string): Promise<Room> {
    const media = new MovingMedia();
    const room = new Room({ serverUrl, roomId, name, webrtc, media });
    const left: string[] = [];
    room.on('participant-left', (participant) => left.push(participant.name));
    this.all.push({ room, media, left });
    await room.join();
    return room;
  }

  async leaveAll(): Promise<void> {
    await Promise.all(this.all.map(({ room }) => room.leave()));
    for (const { media } of this.all) media.stop();
  }
}
