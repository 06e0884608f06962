import { HomeLink } from '../components/HomeLink.js';
import { MessagePage } from '../components/MessagePage.js';
import { useI18n } from '../i18n/I18nProvider.js';

/** The host removed us. No rejoin button: this session may not come back. */
export function Removed() {
  const { t } = useI18n();
  return (
    <MessagePage title={t('removed.title')} testId="removed-page" actions={<HomeLink className="button">{t('left.home')}</HomeLink>}>
      <p>{t('removed.body')}</p>
    </MessagePage>
  );
}
