import { useI18n } from '../i18n/I18nProvider.js';
import type { NoiseSuppressionState } from './useNoiseSuppression.js';
import './noise.css';

/**
 * "Remove background noise", under the microphone picker in the lobby and in the call: a toggle
 * button (aria-pressed is the person's choice; data-status says whether it runs yet).
 */
export function NoiseSuppressionToggle({ state, disabled = false }: { state: NoiseSuppressionState; disabled?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="noise-toggle">
      <button
        type="button"
        className="noise-toggle__button"
        data-testid="noise-suppression-toggle"
        data-status={state.status}
        aria-pressed={state.wanted}
        disabled={disabled}
        onClick={state.toggle}
      >
        <span className="noise-toggle__switch" aria-hidden="true" />
        {t('devices.noiseSuppression')}
      </button>
      {state.status === 'unavailable' ? <p className="field__hint">{t('devices.noiseSuppressionUnavailable')}</p> : null}
    </div>
  );
}
