import { useCallView } from '../room/useCallView.js';
import { useI18n } from '../i18n/I18nProvider.js';

/** Shown to everyone while the server records the room: nobody is recorded without seeing it. */
export function RecordingIndicator() {
  const { t } = useI18n();
  const { recording } = useCallView();
  if (!recording) return null;
  return (
    <span className="pill pill--recording" role="status" data-testid="recording-indicator">
      <span className="pill__dot" aria-hidden="true" />
      {t('recording.indicator')}
    </span>
  );
}
