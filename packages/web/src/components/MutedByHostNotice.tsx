import { useI18n } from '../i18n/I18nProvider.js';
import { useCallStore, useCallView } from '../room/useCallView.js';

/**
 * "Ada (host) muted your microphone": in the page's flow above the stage (a toast over the stage
 * covered the name on a tile), until dismissed. A live region, so screen readers say it too.
 */
export function MutedByHostNotice() {
  const { t } = useI18n();
  const store = useCallStore();
  const { mutedBy } = useCallView();
  return (
    <div role="status" className="call__live">
      {mutedBy !== null ? (
        <div className="notice notice--info" data-testid="muted-by-host">
          <span className="notice__text">{mutedBy ? t('moderation.mutedBy', { name: mutedBy }) : t('moderation.muted')}</span>
          <button type="button" className="button button--small" onClick={() => store.dismissMute()}>
            {t('moderation.dismiss')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
