import { useI18n } from '../i18n/I18nProvider.js';
import { useCallView } from '../room/useCallView.js';
import { LockIcon, UnlockIcon } from './icons.js';

/**
 * Whether the room's media is end-to-end encrypted, in the top bar for everyone; it opens the
 * room's security details (the safety code) below it.
 */
export function E2eeBadge({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  const { t } = useI18n();
  const { e2ee } = useCallView();
  return (
    <button
      type="button"
      className={`pill pill--button e2ee-badge e2ee-badge--${e2ee.on ? 'on' : 'off'}`}
      data-testid="e2ee-badge"
      data-state={e2ee.on ? 'on' : 'off'}
      aria-expanded={open}
      aria-controls={open ? 'security-panel' : undefined}
      title={t(e2ee.on ? 'e2ee.badgeOnHint' : 'e2ee.badgeOffHint')}
      onClick={onToggle}
    >
      {e2ee.on ? <LockIcon /> : <UnlockIcon />}
      {t(e2ee.on ? 'e2ee.badgeOn' : 'e2ee.badgeOff')}
    </button>
  );
}
