import { PeopleIcon } from './icons.js';
import { useI18n } from '../i18n/I18nProvider.js';
import './participants.css';

/**
 * The call bar's Participants control: opens and closes the participants panel (host controls
 * there), with a badge counting the people waiting to be let in (the host's waiting room).
 */
export function ParticipantsButton({ open, waiting, onToggle }: { open: boolean; waiting: number; onToggle: () => void }) {
  const { t } = useI18n();

  return (
    <button
      type="button"
      className="control control--badged"
      data-testid="participants-toggle"
      aria-pressed={open}
      title={t('participants.open')}
      onClick={onToggle}
    >
      <PeopleIcon />
      {waiting > 0 ? (
        <span className="control__badge" data-testid="waiting-count" aria-hidden="true">
          {waiting > 99 ? '99+' : waiting}
        </span>
      ) : null}
      <span className="control__caption">{t('participants.caption')}</span>
      {waiting > 0 ? <span className="visually-hidden">, {t('waiting.badge', { n: waiting })}</span> : null}
    </button>
  );
}
