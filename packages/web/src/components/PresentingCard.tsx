import { useI18n } from '../i18n/I18nProvider.js';
import './presenting.css';

/**
 * What the person sharing their screen sees where the share would be: that they are presenting,
 * and Stop. Not their own screen: on a real display that is a mirror in a mirror (as Meet does).
 */
export function PresentingCard({ onStop }: { onStop: () => void }) {
  const { t } = useI18n();
  return (
    <div className="tile tile--screen presenting" data-testid="self-screen-tile">
      <p className="presenting__title">{t('call.presenting')}</p>
      <button type="button" className="button button--stop" data-testid="stop-presenting" onClick={onStop}>
        {t('call.stopPresenting')}
      </button>
    </div>
  );
}
