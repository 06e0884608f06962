import { HomeLink } from '../components/HomeLink.js';
import { MessagePage } from '../components/MessagePage.js';
import { useI18n } from '../i18n/I18nProvider.js';

/** Shown for `/r/<something that cannot be a room id>` and for unknown paths. */
export function InvalidLink({ kind }: { kind: 'room' | 'page' }) {
  const { t } = useI18n();
  return (
    <MessagePage
      title={kind === 'room' ? t('invalid.title') : t('notFound.title')}
      testId={kind === 'room' ? 'invalid-link' : 'not-found'}
      actions={<HomeLink className="button button--primary">{t('nav.home')}</HomeLink>}
    >
      <p>{t('invalid.body')}</p>
    </MessagePage>
  );
}
