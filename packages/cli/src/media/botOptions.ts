import { integerOption, stringOption, type CommandSpec, type OptionSpec, type ParsedCommand } from '../args.js';
import { usageError } from '../errors.js';
import { readSoundClip } from './soundClip.js';
import type { SyntheticMediaOptions } from './SyntheticMedia.js';

/** The media flags of `parley bot`, shared with `parley load --bots`. */
export const MEDIA_OPTIONS: Record<string, OptionSpec> = {
  video: { type: 'string', value: 'pattern|none', description: 'Video to send: a moving test pattern (default) or none' },
  audio: {
    type: 'string',
    value: 'tone|none|FILE.wav',
    description: 'Audio to send: a 440 Hz tone (default), none, or a 48 kHz WAV recording played in a loop',
  },
  size: { type: 'string', value: 'WxH', description: 'Video size, even numbers (default 320x240)' },
  fps: { type: 'string', value: 'N', description: 'Video frames per second (default 15)' },
};

export async function mediaOptions(parsed: ParsedCommand, spec: CommandSpec): Promise<SyntheticMediaOptions> {
  const video = stringOption(parsed, 'video') ?? 'pattern';
  const audio = stringOption(parsed, 'audio') ?? 'tone';
  if (video !== 'pattern' && video !== 'none') throw usageError(`--video is "pattern" or "none", not "${video}".`, spec.name);
  let clip = null;
  if (audio !== 'tone' && audio !== 'none') {
    if (!audio.toLowerCase().endsWith('.wav')) throw usageError(`--audio is "tone", "none" or a .wav file, not "${audio}".`, spec.name);
    try {
      clip = await readSoundClip(audio);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `${audio} does not exist.` : (error as Error).message;
      throw usageError(`--audio: ${reason}`, spec.name);
    }
  }
  const sizeText = stringOption(parsed, 'size') ?? '320x240';
  const size = /^(\d{1,4})x(\d{1,4})$/.exec(sizeText);
  const width = Number(size?.[1]);
  const height = Number(size?.[2]);
  if (!size || width < 16 || height < 16 || width > 1920 || height > 1080 || width % 2 || height % 2) {
    throw usageError(`--size is WIDTHxHEIGHT with even numbers from 16x16 to 1920x1080, not "${sizeText}".`, spec.name);
  }
  const fps = integerOption(parsed, spec, 'fps', { min: 1, max: 60, fallback: 15 });
  return {
    video: video === 'pattern' ? { width, height, fps } : null,
    audio: clip ? { clip } : audio === 'tone' ? { frequency: 440 } : null,
  };
}
