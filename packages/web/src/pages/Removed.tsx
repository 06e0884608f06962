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

/** The host ended the meeting for everyone. No rejoin: the meeting is over (the link starts a new one). */
export function Ended({ by }: { by: string }) {
  const { t } = useI18n();
  return (
    <MessagePage title={t('ended.title')} testId="ended-page" actions={<HomeLink className="button">{t('left.home')}</HomeLink>}>
      <p>{by ? t('ended.body', { name: by }) : t('ended.bodyPlain')}</p>
    </MessagePage>
  );
}
