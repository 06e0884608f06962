import type { ParleyError } from '@parley/client';
import { describeMediaWarning, mergeMediaWarnings } from '../i18n/errors.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { WarningIcon } from './icons.js';

/** Why the camera or microphone is missing, and what to do about it. */
export function MediaWarnings({
  warnings,
  onRetry,
  onDismiss,
}: {
  warnings: readonly ParleyError[];
  onRetry: () => void;
  onDismiss?: () => void;
}) {
  const { t } = useI18n();
  if (warnings.length === 0) return null;
  return (
    <div className="notice notice--warning" role="alert" data-testid="media-warning">
      <WarningIcon />
      <div className="notice__body">
        <ul className="notice__list">
          {mergeMediaWarnings(warnings).map((warning) => (
            <li key={`${warning.code}:${warning.details['device'] ?? ''}`} data-code={warning.code}>
              {describeMediaWarning(warning, t)}
            </li>
          ))}
        </ul>
        <div className="notice__actions">
          <button type="button" className="button button--small" onClick={onRetry}>
            {t('media.retry')}
          </button>
          {onDismiss ? (
            <button type="button" className="button button--small button--ghost" onClick={onDismiss}>
              {t('media.dismiss')}
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
