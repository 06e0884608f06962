import type { VideoRoomHandle } from 'janode/plugins/videoroom';
import { ParleyError, type RecordingRequest, type RecordingState } from '@parley/protocol';
import type { Logger } from 'pino';
import { e2eeRecordingRefusal } from '../../access/e2ee.js';
import type { RoomStore } from '../../rooms/RoomStore.js';
import type { Member } from '../../membership/Membership.js';
import { roomChannel, type ParleyServerIo, type ParleySocket } from '../../io/types.js';
import type { JanusPool } from '../JanusPool.js';
import { VideoRoomControl } from '../videoRoomControl.js';
import { BoundedQueue } from './postProcess.js';
import { processRecording } from './processRecording.js';
import { RecordingFiles, type Manifest } from './RecordingFiles.js';

export interface RoomRecorderOptions {
  pool: JanusPool;
  store: RoomStore;
  io: ParleyServerIo;
  log: Logger;
  files: RecordingFiles;
  queue?: BoundedQueue;
  now?: () => number;
}

/** How often every node looks for recordings whose room no longer claims them (see sweep). */
const SWEEP_MS = 60_000;
/** How often a node converting a recording says it is alive (RecordingFiles.touchFinish). */
const FINISH_HEARTBEAT_MS = 30_000;
/** A conversion whose node has not said so for this long is taken over: that node died. */
const FINISH_STALE_MS = 3 * 60_000;

/**
 * Server-side recording of a room in SFU mode with Janus's own recorder: the VideoRoom's
 * `rec_dir` is pointed at a fresh folder (`edit` with `new_rec_dir`) and `enable_recording`
 * turns recording on for every publisher, present and joining. On stop, each .mjr Janus wrote
 * is converted by janus-pp-rec in the background, a bounded number at a time; a failed
 * conversion is logged and marked failed in the manifest, never thrown.
 *
 * The recording under way is kept in the room record (RoomState.recording), so with several
 * nodes any of them shows the indicator and stops it; the folder (shared with Janus) is the
 * record of everything else. A recording whose room no longer claims it (the room ended, or a
 * crash and restart lost an in-memory store) is stopped in Janus and converted by whichever node
 * finds it first: at start, every minute, and when a room empties.
 */
export class RoomRecorder {
  readonly #options: RoomRecorderOptions;
  readonly #queue: BoundedQueue;
  readonly #now: () => number;
  /** Rooms whose recording this node started: stopped when this node shuts down. */
  readonly #startedHere = new Set<string>();
  /** Rooms whose start or stop is under way on this node, so two clicks do not race. */
  readonly #busy = new Set<string>();
  readonly #control = new VideoRoomControl();
  /** Conversions under way (tests and shutdown wait for them). */
  readonly #processing = new Set<Promise<void>>();
  readonly #sweeper: ReturnType<typeof setInterval>;

  constructor(options: RoomRecorderOptions) {
    this.#options = options;
    this.#queue = options.queue ?? new BoundedQueue();
    this.#now = options.now ?? Date.now;
    this.#sweeper = setInterval(() => void this.sweep(), SWEEP_MS);
    this.#sweeper.unref();
  }

  /**
   * A host's `recording` request (the router checked the role): start (refused while the room is
   * end-to-end encrypted) or stop; answers the room's state afterwards.
   */
  async handle(member: Member, request: RecordingRequest): Promise<RecordingState> {
    const { roomId, participantId } = member;
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

  async stateOf(roomId: string): Promise<RecordingState> {
    const id = await this.#claimOf(roomId);
    return id ? { active: true, id } : { active: false };
  }

  /** A newcomer to a room being recorded is told so at once (the indicator must never lie). */
  tellNewcomer(socket: ParleySocket, recordingId: string | null): void {
    if (recordingId) socket.emit('recording-state', { active: true, id: recordingId });
  }

  /** The last participant left: Janus ends the VideoRoom, and the room's claim went with the room. */
  async roomEmptied(roomId: string): Promise<void> {
    this.#startedHere.delete(roomId);
    await this.#finishUnclaimed(await this.#options.files.ofRoom(roomId));
  }

  /** Stops the room's recording (if any), whichever node started it, and converts it in the background. */
  async stop(roomId: string): Promise<void> {
    this.#startedHere.delete(roomId);
    const claim = await this.#options.store.update(roomId, (room) => {
      const current = room.recording;
      room.recording = null;
      return current;
    });
    if (claim) await this.#finish(claim.id, true);
  }

  /**
   * Finishes every recording still marked as recording that no room claims any more, and
   * converts again those whose conversion stopped with the node doing it.
   */
  async sweep(): Promise<void> {
    const { files } = this.#options;
    try {
      const manifests = await files.all();
      await this.#finishUnclaimed(manifests);
      for (const manifest of manifests) {
        if (manifest.state !== 'processing' || !(await files.takeOverFinish(manifest.id, FINISH_STALE_MS, this.#now()))) continue;
        this.#options.log.info({ recording: manifest.id }, 'recording conversion taken over from a node that stopped');
        this.#convert({ ...manifest, outputs: [] });
      }
    } catch (error) {
      this.#options.log.warn({ err: (error as Error).message }, 'recording sweep failed');
    }
  }

  /** Resolves once every conversion started so far has finished. */
  async settled(): Promise<void> {
    while (this.#processing.size > 0) await Promise.all([...this.#processing]);
  }

  /** Shutdown: stops what this node started recording (so the files are complete) and waits for conversions. */
  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    await Promise.all([...this.#startedHere].map((roomId) => this.stop(roomId)));
    await this.settled();
  }

  async #claimOf(roomId: string): Promise<string | null> {
    return (await this.#options.store.update(roomId, (room) => room.recording?.id ?? null)) ?? null;
  }

  async #finishUnclaimed(manifests: readonly Manifest[]): Promise<void> {
    for (const manifest of manifests) {
      if (manifest.state !== 'recording') continue;
      const current = await this.#claimOf(manifest.room);
      // The room says nothing is recorded: tell whoever is there (a newer recording of it is left alone).
      if (current !== manifest.id) await this.#finish(manifest.id, current === null);
    }
  }

  /**
   * Stops a recording in Janus and converts it; one node does it (RecordingFiles.claimFinish).
   * `announce`: the room has no other recording under way, so its indicator goes off.
   */
  async #finish(id: string, announce: boolean): Promise<void> {
    const { files, log, io } = this.#options;
    if (!(await files.claimFinish(id))) return;
    const manifest = await files.load(id);
    if (!manifest || manifest.state !== 'recording') return;
    try {
      const instance = manifest.janus ? this.#options.pool.byUrl(manifest.janus.url) : null;
      if (!manifest.janus || !instance?.up) throw new Error('its Janus is not reachable');
      const control = await this.#control.of(instance);
      await this.#learnFeeds(control, manifest.janus.janusRoom, manifest);
      await control.enable_recording({ room: manifest.janus.janusRoom, record: false });
    } catch (error) {
      // The VideoRoom may be gone already (everyone left): Janus closed its files then.
      log.warn({ room: manifest.room, recording: id, err: (error as Error).message }, 'recording stop: Janus did not confirm');
    }
    manifest.stoppedAt = this.#now();
    manifest.state = 'processing';
    await files.save(manifest);
    if (announce) io.to(roomChannel(manifest.room)).emit('recording-state', { active: false });
    log.info({ room: manifest.room, recording: id }, 'recording stopped; post-processing');
    this.#convert(manifest);
  }

  /** Converts in the background, telling other nodes meanwhile that this one is at it. */
  #convert(manifest: Manifest): void {
    const { files, log } = this.#options;
    const heartbeat = setInterval(() => void files.touchFinish(manifest.id, this.#now()), FINISH_HEARTBEAT_MS);
    const processing = processRecording(manifest, { files, queue: this.#queue, log })
      .catch((error: unknown) => {
        log.error({ recording: manifest.id, err: (error as Error).message }, 'recording post-processing failed');
      })
      .finally(() => clearInterval(heartbeat));
    this.#processing.add(processing);
    void processing.finally(() => this.#processing.delete(processing));
  }

  async #start(roomId: string, participantId: string): Promise<void> {
    const { store, pool, files, log } = this.#options;
    const id = RecordingFiles.newId();
    // Claimed in the room record first, atomically: two hosts' clicks on two nodes start one recording.
    const outcome = await store.update(roomId, (room) => {
      if (room.recording) return 'already' as const;
      // Checked with the claim, so the host's switch cannot turn encryption on in between.
      const encrypted = e2eeRecordingRefusal(room);
      if (encrypted) return encrypted;
      if (room.mode !== 'sfu' || !room.sfu) return 'mesh' as const;
      if (!pool.byUrl(room.sfu.url)?.up) return 'down' as const;
      room.recording = { id, url: room.sfu.url, janusRoom: room.sfu.janusRoom };
      return { ...room.recording, meeting: room.meeting };
    });
    if (outcome === 'already') return;
    if (outcome instanceof ParleyError) throw outcome;
    if (outcome === null || outcome === 'mesh') {
      throw new ParleyError(
        'sfu-unavailable',
        'Recording works once the room runs through the media server (SFU mode) and someone publishes.',
      );
    }
    if (outcome === 'down') throw new ParleyError('sfu-unavailable', 'The media server of this room is not reachable right now.');
    const { url, janusRoom, meeting } = outcome;
    const manifest = await files.create(id, { room: roomId, meeting, startedBy: participantId }, this.#now(), { url, janusRoom });
    try {
      const control = await this.#control.of(pool.byUrl(url)!);
      // Janus 1.x VideoRoom: `edit` may move rec_dir; `enable_recording` records every publisher.
      await control.message({ request: 'edit', room: janusRoom, new_rec_dir: files.folderOf(id) });
      await this.#learnFeeds(control, janusRoom, manifest);
      await control.enable_recording({ room: janusRoom, record: true });
    } catch (error) {
      await store.update(roomId, (room) => {
        if (room.recording?.id === id) room.recording = null;
      });
      manifest.state = 'failed';
      manifest.stoppedAt = this.#now();
      await files.save(manifest).catch(() => undefined);
      throw new ParleyError('sfu-unavailable', `The media server refused to record: ${(error as Error).message}`.slice(0, 300));
    }
    await files.save(manifest);
    this.#startedHere.add(roomId);
    log.info({ room: roomId, recording: id, by: participantId }, 'recording started');
    this.#options.io.to(roomChannel(roomId)).emit('recording-state', { active: true, id });
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
