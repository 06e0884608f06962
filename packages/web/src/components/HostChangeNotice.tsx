import { useEffect } from 'react';
import { useI18n } from '../i18n/I18nProvider.js';
import { useCallStore, useCallView } from '../room/useCallView.js';

/** How long "X is now the host" stays up: long enough to read, short enough not to cover a tile. */
const SHOWN_MS = 8_000;

/** Announces a change of host to everyone (a live region, so screen readers say it too). */
export function HostChangeNotice() {
  const { t } = useI18n();
  const store = useCallStore();
  const { hostChange } = useCallView();

  useEffect(() => {
    if (!hostChange) return;
    const timer = setTimeout(() => store.dismissHostChange(), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [hostChange, store]);

  return (
    <div className="toast-region toast-region--top" role="status">
      {hostChange ? (
        <div className="toast" data-testid="host-change">
          {hostChange.you ? t('moderation.youAreHost') : t('moderation.hostIsNow', { name: hostChange.name })}
        </div>
      ) : null}
    </div>
  );
}
