import { PeopleIcon } from './icons.js';
import { useI18n } from '../i18n/I18nProvider.js';
import './participants.css';

/**
 * The call bar's Participants control: opens and closes the participants panel (host controls there).
 */
export function ParticipantsButton({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  const { t } = useI18n();

  return (
    <button
      type="button"
      className="control"
      data-testid="participants-toggle"
      aria-pressed={open}
      title={t('participants.open')}
      onClick={onToggle}
    >
      <PeopleIcon />
      <span className="control__caption">{t('participants.caption')}</span>
    </button>
  );
}
