import type { VideoRoomHandle } from 'janode/plugins/videoroom';
import { ParleyError, type RecordingRequest, type RecordingState } from '@parley/protocol';
import type { Logger } from 'pino';
import type { RoomStore } from '../../rooms/RoomStore.js';
import { roomChannel, type ParleyServerIo, type ParleySocket } from '../../signaling/types.js';
import type { JanusInstance, JanusPool } from '../JanusPool.js';
import { VideoRoomControl } from '../videoRoomControl.js';
import { BoundedQueue } from './postProcess.js';
import { processRecording } from './processRecording.js';
import type { Manifest, RecordingFiles } from './RecordingFiles.js';
import { mayRecord } from './permission.js';

export interface RoomRecorderOptions {
  pool: JanusPool;
  store: RoomStore;
  io: ParleyServerIo;
  log: Logger;
  files: RecordingFiles;
  queue?: BoundedQueue;
  now?: () => number;
}

interface Active {
  manifest: Manifest;
  instance: JanusInstance;
  janusRoom: number;
}

/**
 * Server-side recording of a room in SFU mode with Janus's own recorder: the VideoRoom's
 * `rec_dir` is pointed at a fresh folder (`edit` with `new_rec_dir`) and `enable_recording`
 * turns recording on for every publisher, present and joining. On stop, each .mjr Janus wrote
 * is converted by janus-pp-rec in the background, a bounded number at a time; a failed
 * conversion is logged and marked failed in the manifest, never thrown.
 *
 * The recording under way is known to the node whose host started it; the folder (shared with
 * Janus) is the record of everything else, so any node lists and serves recordings.
 */
export class RoomRecorder {
  readonly #options: RoomRecorderOptions;
  readonly #queue: BoundedQueue;
  readonly #now: () => number;
  readonly #active = new Map<string, Active>();
  /** Rooms whose start or stop is under way, so two clicks do not race. */
  readonly #busy = new Set<string>();
  readonly #control = new VideoRoomControl();
  /** Conversions under way (tests and shutdown wait for them). */
  readonly #processing = new Set<Promise<void>>();

  constructor(options: RoomRecorderOptions) {
    this.#options = options;
    this.#queue = options.queue ?? new BoundedQueue();
    this.#now = options.now ?? Date.now;
  }

  /** A host's `recording` request: start or stop; answers the room's state afterwards. */
  async handle(socket: ParleySocket, request: RecordingRequest): Promise<RecordingState> {
    const { roomId, participantId, grants } = socket.data;
    if (!roomId || !participantId) throw new ParleyError('not-in-room', 'Join a room before recording it.');
    const status = await this.#options.store.status(roomId);
    if (!status) throw new ParleyError('not-in-room', 'This room no longer exists.');
    if (!mayRecord(status.hostId, participantId, grants ?? [])) {
      throw new ParleyError('forbidden', 'Only the host can start or stop recording.', { details: { action: `recording-${request.action}` } });
    }
    if (this.#busy.has(roomId)) throw new ParleyError('forbidden', 'Recording is already starting or stopping; wait a moment.');
    this.#busy.add(roomId);
    try {
      if (request.action === 'start') await this.#start(roomId, participantId);
      else await this.stop(roomId);
    } finally {
      this.#busy.delete(roomId);
    }
    return this.stateOf(roomId);
  }

  stateOf(roomId: string): RecordingState {
    const active = this.#active.get(roomId);
    return active ? { active: true, id: active.manifest.id } : { active: false };
  }

  /** A newcomer to a room being recorded is told so at once (the indicator must never lie). */
  tellNewcomer(socket: ParleySocket, roomId: string): void {
    if (this.#active.has(roomId)) socket.emit('recording-state', this.stateOf(roomId));
  }

  /** The last participant left: Janus ends the VideoRoom, so the recording ends with it. */
  async roomEmptied(roomId: string): Promise<void> {
    if (this.#active.has(roomId)) await this.stop(roomId);
  }

  /** Stops the room's recording (if any) and starts its post-processing in the background. */
  async stop(roomId: string): Promise<void> {
    const active = this.#active.get(roomId);
    if (!active) return;
    this.#active.delete(roomId);
    const { manifest, instance, janusRoom } = active;
    try {
      const control = await this.#control.of(instance);
      await this.#learnFeeds(control, janusRoom, manifest);
      await control.enable_recording({ room: janusRoom, record: false });
    } catch (error) {
      // The VideoRoom may be gone already (everyone left): Janus closed its files then.
      this.#options.log.warn({ room: roomId, recording: manifest.id, err: (error as Error).message }, 'recording stop: Janus did not confirm');
    }
    manifest.stoppedAt = this.#now();
    manifest.state = 'processing';
    await this.#options.files.save(manifest);
    this.#options.io.to(roomChannel(roomId)).emit('recording-state', { active: false });
    this.#options.log.info({ room: roomId, recording: manifest.id }, 'recording stopped; post-processing');
    const processing = processRecording(manifest, { files: this.#options.files, queue: this.#queue, log: this.#options.log }).catch((error: unknown) => {
      this.#options.log.error({ recording: manifest.id, err: (error as Error).message }, 'recording post-processing failed');
    });
    this.#processing.add(processing);
    void processing.finally(() => this.#processing.delete(processing));
  }

  /** Resolves once every conversion started so far has finished. */
  async settled(): Promise<void> {
    while (this.#processing.size > 0) await Promise.all([...this.#processing]);
  }

  /** Shutdown: stops what is being recorded (so the files are complete) and waits for conversions. */
  async close(): Promise<void> {
    await Promise.all([...this.#active.keys()].map((roomId) => this.stop(roomId)));
    await this.settled();
  }

  async #start(roomId: string, participantId: string): Promise<void> {
    if (this.#active.has(roomId)) return;
    const { store, pool, files, log } = this.#options;
    const room = await store.update(roomId, (state) => ({ mode: state.mode, sfu: state.sfu }));
    if (!room || room.mode !== 'sfu' || !room.sfu) {
      throw new ParleyError('sfu-unavailable', 'Recording works once the room runs through the media server (SFU mode) and someone publishes.');
    }
    const instance = pool.byUrl(room.sfu.url);
    if (!instance?.up) throw new ParleyError('sfu-unavailable', 'The media server of this room is not reachable right now.');
    const manifest = await files.create(roomId, this.#now());
    const janusRoom = room.sfu.janusRoom;
    try {
      const control = await this.#control.of(instance);
      // Janus 1.x VideoRoom: `edit` may move rec_dir; `enable_recording` records every publisher.
      await control.message({ request: 'edit', room: janusRoom, new_rec_dir: files.folderOf(manifest.id) });
      await this.#learnFeeds(control, janusRoom, manifest);
      await control.enable_recording({ room: janusRoom, record: true });
    } catch (error) {
      manifest.state = 'failed';
      manifest.stoppedAt = this.#now();
      await files.save(manifest).catch(() => undefined);
      throw new ParleyError('sfu-unavailable', `The media server refused to record: ${(error as Error).message}`.slice(0, 300));
    }
    await files.save(manifest);
    this.#active.set(roomId, { manifest, instance, janusRoom });
    log.info({ room: roomId, recording: manifest.id, by: participantId }, 'recording started');
    this.#options.io.to(roomChannel(roomId)).emit('recording-state', this.stateOf(roomId));
  }

  /** Janus names files by feed id; the publishers' display is the Parley participant id, whose name we keep. */
  async #learnFeeds(control: VideoRoomHandle, janusRoom: number, manifest: Manifest): Promise<void> {
    const { participants } = await control.listParticipants({ room: janusRoom });
    for (const { feed, display } of participants) {
      if (!display || manifest.feeds[String(feed)]) continue;
      const member = await this.#options.store.get(manifest.room, display);
      manifest.feeds[String(feed)] = member?.name ?? display;
    }
  }
}
