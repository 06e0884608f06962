import { HomeLink } from '../components/HomeLink.js';
import { MessagePage } from '../components/MessagePage.js';
import { useI18n } from '../i18n/I18nProvider.js';

/**
 * After leaving. `movedToOtherTab`: this person is in the call in another tab of this browser
 * (they joined there); rejoining here moves the call back to this tab.
 */
export function Left({ rejoining, movedToOtherTab, onRejoin }: { rejoining: boolean; movedToOtherTab: boolean; onRejoin: () => void }) {
  const { t } = useI18n();
  return (
    <MessagePage
      title={movedToOtherTab ? t('left.movedTitle') : t('left.title')}
      testId="left-screen"
      {...(movedToOtherTab ? { children: <p data-testid="moved-to-other-tab">{t('left.movedText')}</p> } : {})}
      actions={
        <>
          <button type="button" className="button button--primary" data-testid="rejoin-button" disabled={rejoining} onClick={onRejoin}>
            {rejoining ? t('lobby.joining') : movedToOtherTab ? t('left.useThisTab') : t('left.rejoin')}
          </button>
          <HomeLink className="button">{t('left.home')}</HomeLink>
        </>
      }
    />
  );
}
