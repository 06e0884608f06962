import { FakeTrack } from './fakeDevices.js';

/** A processor that records the tracks it is given; its output is a track of its own. */
export class RecordingProcessor {
  readonly output: MediaStreamTrack;
  inputs: Array<MediaStreamTrack | null> = [];

  constructor(kind: 'audio' | 'video') {
    this.output = new FakeTrack(kind, '', 'processed') as unknown as MediaStreamTrack;
  }

  get input(): MediaStreamTrack | null {
    return this.inputs.at(-1) ?? null;
  }

  setInput(track: MediaStreamTrack | null): void {
    if (track !== this.input) this.inputs.push(track);
  }
}
