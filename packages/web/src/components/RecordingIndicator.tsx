import type { Room } from '@parley/client';
import { useRecordingActive } from '../hooks/useRecordingActive.js';
import { useI18n } from '../i18n/I18nProvider.js';

/** Shown to everyone while the server records the room: nobody is recorded without seeing it. */
export function RecordingIndicator({ room }: { room: Room }) {
  const { t } = useI18n();
  const active = useRecordingActive(room);
  if (!active) return null;
  return (
    <span className="pill pill--recording" role="status" data-testid="recording-indicator">
      <span className="pill__dot" aria-hidden="true" />
      {t('recording.indicator')}
    </span>
  );
}
