import { runSignalingLoad } from '@parley/client/load';
import { integerOption, type CommandSpec } from '../args.js';
import { stopped, type Command } from '../command.js';
import { EXIT } from '../errors.js';
import { runBotLoad } from '../load/botLoad.js';
import { botReportText, signalingReportText } from '../load/report.js';
import { mediaOptions, MEDIA_OPTIONS } from '../media/botOptions.js';
import { ProgressBoard } from '../progress.js';
import { nodeWebRtc } from '../session.js';
import { parseServerUrl } from '../load/serverUrl.js';

const spec: CommandSpec = {
  name: 'load',
  summary: 'load generator: rooms of signaling clients (or media bots); join latency percentiles and errors',
  arguments: '<server-url>',
  positionals: { min: 1, max: 1 },
  options: {
    rooms: { type: 'string', value: 'N', description: 'Rooms (default 10)' },
    size: { type: 'string', value: 'M', description: 'Participants per room (default 4; the server must allow it)' },
    duration: { type: 'string', value: 'S', description: 'Seconds the run lasts, joining included (default 30)' },
    churn: {
      type: 'string',
      value: 'S',
      description: 'Signaling clients move to another room after S seconds on average (default: they stay)',
    },
    bots: { type: 'boolean', description: 'Media bots (libwebrtc, test pattern and tone) instead of signaling-only clients' },
    'bot-size': { type: 'string', value: 'WxH', description: 'Video size of the bots (default 160x120)' },
    'bot-fps': { type: 'string', value: 'N', description: 'Video frames per second of the bots (default 10)' },
    video: MEDIA_OPTIONS.video!,
    audio: MEDIA_OPTIONS.audio!,
    json: { type: 'boolean', description: 'Print the report as JSON (for scripts and benchmarks)' },
  },
  notes: [
    'Signaling-only clients (the default) are socket.io connections that join, exchange offers, answers ' +
      'and ICE candidates with the others in their room, and account for every message: thousands fit in ' +
      'one process. Latencies: connect (socket open), join (join request to answer), ready (start to first ' +
      'join), relay (one client to another through the server).',
    'With --bots every participant is a real WebRTC peer that sends and decodes video: a few dozen per ' +
      'machine. Latencies: join, and first frame (join started to the first picture of another bot).',
    'Exits 1 when a signaling message was lost, duplicated or misrouted, or when nobody could join. ' +
      'Only point it at a server you run.',
  ],
  examples: [
    'parley load http://127.0.0.1:3000 --rooms 50 --size 4 --duration 60',
    'parley load http://127.0.0.1:3000 --bots --rooms 2 --size 3 --duration 20',
  ],
};

export const load: Command = {
  spec,
  async run(parsed, { out, stop }) {
    const serverUrl = parseServerUrl(parsed.positionals[0]!, spec.name);
    const rooms = integerOption(parsed, spec, 'rooms', { min: 1, max: 10_000, fallback: 10 });
    const roomSize = integerOption(parsed, spec, 'size', { min: 1, max: 1_000, fallback: 4 });
    const durationMs = integerOption(parsed, spec, 'duration', { min: 1, max: 86_400, fallback: 30 }) * 1000;
    const churnS = integerOption(parsed, spec, 'churn', { min: 0, max: 86_400, fallback: 0 });
    const json = parsed.values.json === true;
    const board = new ProgressBoard(json ? { write: () => undefined, live: false, columns: 80 } : out);
    const abort = new AbortController();
    void stopped(stop).then(() => abort.abort());

    if (parsed.values.bots === true) {
      const media = await mediaOptions(
        { ...parsed, values: { ...parsed.values, size: parsed.values['bot-size'] ?? '160x120', fps: parsed.values['bot-fps'] ?? '10' } },
        spec,
      );
      board.log(`Media bots: ${rooms} room(s) × ${roomSize} against ${serverUrl} for ${durationMs / 1000} s`);
      const report = await runBotLoad({
        serverUrl,
        webrtc: await nodeWebRtc(),
        rooms,
        roomSize,
        durationMs,
        media,
        signal: abort.signal,
        onProgress: (p) =>
          board.set(
            'load',
            `${(p.elapsedMs / 1000).toFixed(0)} s: ${p.joined} joined, ${p.seeingEveryone} seeing everyone, ${p.errors} errors`,
          ),
      });
      board.remove('load');
      if (json) out.write(`${JSON.stringify({ mode: 'bots', serverUrl, rooms, roomSize, ...report }, null, 2)}\n`);
      else for (const line of botReportText(report)) board.log(line);
      return stop.aborted ? EXIT.interrupted : report.joined > 0 ? EXIT.ok : EXIT.failed;
    }

    board.log(
      `Signaling load: ${rooms} room(s) × ${roomSize} clients against ${serverUrl} for ${durationMs / 1000} s${churnS ? `, churn every ${churnS} s on average` : ''}`,
    );
    const report = await runSignalingLoad({
      serverUrl,
      rooms,
      roomSize,
      durationMs,
      churn: churnS > 0 ? { meanStayMs: churnS * 1000 } : false,
      signal: abort.signal,
      onProgress: (p) =>
        board.set(
          'load',
          `${(p.elapsedMs / 1000).toFixed(0)} s: ${p.connected} connected, ${p.inRoom} in rooms, ${p.sent} sent, ${p.received} received, ${p.errors} errors`,
        ),
    });
    board.remove('load');
    if (json) out.write(`${JSON.stringify({ mode: 'signaling', serverUrl, rooms, roomSize, ...report }, null, 2)}\n`);
    else for (const line of signalingReportText(report)) board.log(line);
    if (stop.aborted) return EXIT.interrupted;
    return report.lost + report.duplicated + report.misrouted === 0 && report.joins > 0 ? EXIT.ok : EXIT.failed;
  },
};
