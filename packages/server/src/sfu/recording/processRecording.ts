import { open } from 'node:fs/promises';
import type { Logger } from 'pino';
import { convertRecording, type BoundedQueue } from './postProcess.js';
import { outputName, type Manifest, type ManifestOutput, type RecordingFiles } from './RecordingFiles.js';

/** Janus's file names for a room recording: `videoroom-<room>-user-<feed>-<time>-<audio|video>-<mindex>.mjr`. */
const JANUS_FILE = /-user-(\d+)-\d+-(audio|video)-\d+\.mjr$/;

/**
 * After a recording stopped: converts every .mjr Janus wrote (one per participant and track),
 * through the bounded queue, and records each outcome in the manifest. A failed conversion is
 * logged and marked `failed`; the recording is `ready` when every file converted.
 */
export async function processRecording(
  manifest: Manifest,
  deps: { files: RecordingFiles; queue: BoundedQueue; log: Logger },
): Promise<void> {
  const { files, queue, log } = deps;
  const counts = new Map<string, number>();
  for (const source of await files.sources(manifest.id)) {
    const match = JANUS_FILE.exec(source);
    // A publisher's unused slots (screen share never started) leave files without a packet.
    if (!match || !(await hasPackets(files.fileOf(manifest.id, source)))) continue;
    const feed = match[1] ?? null;
    const kind = match[2] === 'audio' ? 'audio' : 'video';
    const display = feed ? (manifest.feeds[feed] ?? null) : null;
    const key = `${display ?? feed}-${kind}`;
    const index = (counts.get(key) ?? 0) + 1;
    counts.set(key, index);
    manifest.outputs.push({ source, name: outputName(display, feed, kind, index), kind, feed, state: 'processing' });
  }
  await files.save(manifest);
  await Promise.all(
    manifest.outputs.map((output) =>
      queue.run(async () => {
        output.state = await convert(manifest, output, files, log);
      }),
    ),
  );
  manifest.state = manifest.outputs.length > 0 && manifest.outputs.every((output) => output.state === 'ready') ? 'ready' : 'failed';
  await files.save(manifest);
  log.info({ recording: manifest.id, state: manifest.state, files: manifest.outputs.length }, 'recording post-processed');
}

async function convert(manifest: Manifest, output: ManifestOutput, files: RecordingFiles, log: Logger): Promise<'ready' | 'failed'> {
  try {
    await convertRecording(files.fileOf(manifest.id, output.source), files.fileOf(manifest.id, output.name));
    if ((await files.sizeOf(manifest.id, output.name)) === 0) throw new Error('janus-pp-rec wrote nothing (no media was received?)');
    return 'ready';
  } catch (error) {
    log.error({ recording: manifest.id, source: output.source, err: (error as Error).message }, 'recording conversion failed');
    return 'failed';
  }
}

/**
 * Whether a Janus recording holds any RTP packet: an .mjr starts with "MJR00002", a 16-bit
 * big-endian length and that many bytes of JSON header; packets follow ("MEET" frames).
 * A track that never received a packet (an unused screen-share slot) is the magic alone.
 */
export async function hasPackets(path: string): Promise<boolean> {
  const file = await open(path, 'r').catch(() => null);
  if (!file) return false;
  try {
    const head = Buffer.alloc(10);
    const { bytesRead } = await file.read(head, 0, 10, 0);
    // Not a Janus recording: not ours to judge, janus-pp-rec will say what is wrong.
    if (head.subarray(0, 3).toString() !== 'MJR') return true;
    // Janus writes the JSON header with the first packet: only the magic means nothing arrived.
    if (bytesRead < 10) return false;
    const { size } = await file.stat();
    return size > 10 + head.readUInt16BE(8);
  } finally {
    await file.close();
  }
}
