import { HomeLink } from '../components/HomeLink.js';
import { MessagePage } from '../components/MessagePage.js';
import { useI18n } from '../i18n/I18nProvider.js';

export function Left({ rejoining, onRejoin }: { rejoining: boolean; onRejoin: () => void }) {
  const { t } = useI18n();
  return (
    <MessagePage
      title={t('left.title')}
      testId="left-screen"
      actions={
        <>
          <button type="button" className="button button--primary" data-testid="rejoin-button" disabled={rejoining} onClick={onRejoin}>
            {rejoining ? t('lobby.joining') : t('left.rejoin')}
          </button>
          <HomeLink className="button">{t('left.home')}</HomeLink>
        </>
      }
    />
  );
}
