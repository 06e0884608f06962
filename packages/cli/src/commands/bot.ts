import { integerOption, stringOption, type CommandSpec } from '../args.js';
import { ROOM_OPTIONS, type Command } from '../command.js';
import { Denoiser } from '@parley/client/noise';
import { EXIT, usageError } from '../errors.js';
import { mediaOptions, MEDIA_OPTIONS } from '../media/botOptions.js';
import { MediaMeter, type ReceivedMedia } from '../media/MediaMeter.js';
import { SyntheticMedia } from '../media/SyntheticMedia.js';
import { parseRoomLink } from '../roomLink.js';
import { joinRoom, nodeWebRtc } from '../session.js';

const spec: CommandSpec = {
  name: 'bot',
  summary: 'join a room as a participant that sends a moving test pattern and a tone',
  arguments: '<room-url>',
  positionals: { min: 1, max: 1 },
  options: {
    ...MEDIA_OPTIONS,
    'noise-suppression': {
      type: 'boolean',
      description: 'Remove the background noise from the --audio recording (RNNoise, on this machine)',
    },
    duration: { type: 'string', value: 'S', description: 'Leave after S seconds (default: stay until Ctrl-C)' },
    report: { type: 'string', value: 'S', description: 'Print what it receives every S seconds (default 2)' },
    ...ROOM_OPTIONS,
  },
  notes: [
    'For demos and tests: the others see the pattern move and hear the tone. The bot reports what it ' +
      'receives from each participant: decoded video frames and size, audio frames and level, e.g.\n' +
      '  received from Ada: video 640x480 312 frames, audio 1050 frames, peak -31.2 dBFS',
  ],
  examples: [
    'parley bot http://localhost:3000/r/demo',
    'parley bot https://meet.example.org/r/standup --name Robot --video none --duration 60',
    'parley bot http://localhost:3000/r/demo --audio talk.wav --noise-suppression',
  ],
};

export const bot: Command = {
  spec,
  async run(parsed, { out, stop }) {
    const link = parseRoomLink(parsed.positionals[0]!, spec.name);
    const media = await mediaOptions(parsed, spec);
    if (parsed.values['noise-suppression'] === true) {
      if (!media.audio || !('clip' in media.audio)) {
        throw usageError('--noise-suppression cleans a recording: use it with --audio FILE.wav.', spec.name);
      }
      media.denoiser = await Denoiser.load();
    }
    const durationS = integerOption(parsed, spec, 'duration', { min: 1, max: 7 * 86_400, fallback: 0 });
    const reportS = integerOption(parsed, spec, 'report', { min: 1, max: 3_600, fallback: 2 });
    const webrtc = await nodeWebRtc();
    const local = new SyntheticMedia(webrtc, media);
    let meter: MediaMeter | null = null;
    let leaving = false;
    try {
      const room = await joinRoom({
        link,
        insecure: parsed.values.insecure === true,
        name: stringOption(parsed, 'name') ?? 'Parley bot',
        media: local,
        prepare: (room) => {
          meter = new MediaMeter(room, webrtc);
          room.on('participant-joined', (p) => out.write(`${p.name} joined\n`));
          room.on('participant-left', (p) => leaving || out.write(`${p.name} left\n`));
        },
      });
      const sending = [
        media.video && `a ${media.video.width}x${media.video.height} test pattern at ${media.video.fps} fps`,
        media.audio &&
          ('clip' in media.audio ? `${media.audio.clip.name}${media.denoiser ? ' without its background noise' : ''}` : 'a 440 Hz tone'),
      ]
        .filter(Boolean)
        .join(' and ');
      out.write(
        `In room ${link.roomId} as ${room.self?.name}, sending ${sending || 'nothing'}${durationS ? ` for ${durationS} s` : ' (Ctrl-C to leave)'}\n`,
      );
      const timer = setInterval(() => {
        for (const line of meter!.report().map(describe)) out.write(`${line}\n`);
      }, reportS * 1000);
      await new Promise<void>((resolve) => {
        if (durationS) setTimeout(resolve, durationS * 1000);
        stop.addEventListener('abort', () => resolve(), { once: true });
      });
      clearInterval(timer);
      for (const line of meter!.report().map(describe)) out.write(`${line}\n`);
      out.write(`Sent ${local.sent.video} video frames and ${local.sent.audio} audio frames. Leaving.\n`);
      leaving = true;
      await room.leave();
      return EXIT.ok;
    } finally {
      (meter as MediaMeter | null)?.stop();
      local.stop();
      media.denoiser?.destroy();
    }
  },
};

/** One report line; its shape is stable so scripts (and the e2e tests) can read it. */
export function describe(media: ReceivedMedia): string {
  const video = media.videoFrames > 0 ? `video ${media.width}x${media.height} ${media.videoFrames} frames` : 'video none';
  const level = Number.isFinite(media.peakDbfs) ? `peak ${media.peakDbfs.toFixed(1)} dBFS` : 'silent';
  return `received from ${media.name}: ${video}, audio ${media.audioFrames} frames, ${level}`;
}
