import type { ShownReaction } from '../room/CallStore.js';
import { useI18n } from '../i18n/I18nProvider.js';

/**
 * Reactions said to screen readers ("Ada: Applause"), the newest few, through one polite live
 * region for the whole call; the emoji over the tiles are hidden from them.
 */
export function ReactionAnnouncer({ reactions }: { reactions: readonly ShownReaction[] }) {
  const { t } = useI18n();
  return (
    <div role="status" className="visually-hidden" data-testid="reaction-announcements">
      {reactions.slice(-3).map((shown) => (
        <p key={shown.key}>{t('reactions.announce', { name: shown.name, reaction: t(`reactions.${shown.reaction}`) })}</p>
      ))}
    </div>
  );
}
