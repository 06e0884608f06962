import { useRef } from 'react';
import { usePanelFocus } from '../hooks/usePanelFocus.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { useCallView } from '../room/useCallView.js';

/**
 * The room's security details, opened from the badge: what end-to-end encryption protects, and
 * the safety code everyone compares (read aloud, or side by side): the same code on every screen
 * means nobody, not even the server, sits between the participants.
 */
export function SecurityPanel({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { e2ee } = useCallView();
  const panel = useRef<HTMLElement>(null);
  usePanelFocus(panel, onClose);
  return (
    <section
      className="card security-panel"
      id="security-panel"
      data-testid="security-panel"
      aria-label={t('e2ee.title')}
      ref={panel}
      tabIndex={-1}
    >
      <h2 className="popover__title">{t('e2ee.title')}</h2>
      <p>{t(e2ee.on ? 'e2ee.explainOn' : 'e2ee.explainOff')}</p>
      {e2ee.on ? (
        <>
          <p className="security-panel__label">{t('e2ee.code')}</p>
          <p className="security-panel__code" data-testid="e2ee-code" aria-live="polite">
            {e2ee.safetyCode ?? t('e2ee.codePending')}
          </p>
          <p className="security-panel__hint">{t('e2ee.codeHint')}</p>
        </>
      ) : null}
      <button type="button" className="button button--small" onClick={onClose}>
        {t('e2ee.close')}
      </button>
    </section>
  );
}
