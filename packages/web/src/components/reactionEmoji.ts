import type { Reaction } from '@parley/client';

/** How each reaction the protocol names is drawn. */
export const REACTION_EMOJI: Record<Reaction, string> = {
  'thumbs-up': '👍',
  clap: '👏',
  laugh: '😂',
  surprised: '😮',
  heart: '❤️',
  party: '🎉',
};
