import { useCallStore, useCallView } from '../room/useCallView.js';
import { useI18n } from '../i18n/I18nProvider.js';
import './participants.css';

/**
 * The call bar's Participants control: opens and closes the participants panel (host controls
 * there), and tells you when the host muted your microphone.
 */
export function ParticipantsButton({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  const { t } = useI18n();
  const store = useCallStore();
  const { mutedBy } = useCallView();

  return (
    <>
      <button
        type="button"
        className="control"
        data-testid="participants-toggle"
        aria-pressed={open}
        title={t('participants.open')}
        onClick={onToggle}
      >
        <svg
          viewBox="0 0 24 24"
          width="22"
          height="22"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
          aria-hidden="true"
          focusable="false"
        >
          <path d="M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2" />
          <circle cx="9" cy="7" r="4" />
          <path d="M23 21v-2a4 4 0 0 0-3-3.87M16 3.13a4 4 0 0 1 0 7.75" />
        </svg>
        <span className="control__caption">{t('participants.caption')}</span>
      </button>
      {mutedBy !== null ? (
        <div className="toast-region" role="status">
          <div className="toast people__toast" data-testid="muted-by-host">
            <span>{mutedBy ? t('moderation.mutedBy', { name: mutedBy }) : t('moderation.muted')}</span>
            <button type="button" className="button button--small" onClick={() => store.dismissMute()}>
              {t('moderation.dismiss')}
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}
