import VideoRoomPlugin, { type VideoRoomHandle } from 'janode/plugins/videoroom';
import type { JanusInstance } from './JanusPool.js';

/**
 * One VideoRoom handle per Janus instance for room-level requests (create, destroy, record),
 * made on first use; a failed or lost one (Janus restarted, connection lost) is made again next time.
 */
export class VideoRoomControl {
  readonly #handles = new Map<string, Promise<VideoRoomHandle>>();

  of(instance: JanusInstance): Promise<VideoRoomHandle> {
    let control = this.#handles.get(instance.url);
    if (!control) {
      control = instance.createSession().then((session) => session.attach(VideoRoomPlugin));
      this.#handles.set(instance.url, control);
      control.catch(() => this.#handles.delete(instance.url));
      void control.then(
        (handle) => handle.once('handle_detached', () => this.#handles.delete(instance.url)),
        () => undefined,
      );
    }
    return control;
  }
}
