import type { SignalingState } from '@parley/client';
import { useI18n } from '../i18n/I18nProvider.js';

/** Media keeps flowing while signaling is down, so this informs rather than blocks. */
export function SignalingBanner({ state, onRejoin }: { state: SignalingState; onRejoin: () => void }) {
  const { t } = useI18n();
  if (state === 'connected' || state === 'connecting') return null;
  const lost = state === 'disconnected';
  return (
    <div className={lost ? 'banner banner--error' : 'banner'} role="alert" data-testid="signaling-banner" data-state={state}>
      {lost ? null : <span className="spinner" aria-hidden="true" />}
      <span className="banner__text">{lost ? t('call.signalingDisconnected') : t('call.signalingReconnecting')}</span>
      {lost ? (
        <button type="button" className="button button--small" onClick={onRejoin}>
          {t('call.rejoin')}
        </button>
      ) : null}
    </div>
  );
}
