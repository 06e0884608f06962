import { isParleyError } from '@parley/client';
import { HomeLink } from '../components/HomeLink.js';
import { MessagePage } from '../components/MessagePage.js';
import { describeJoinError } from '../i18n/errors.js';
import { useI18n } from '../i18n/I18nProvider.js';

/** Join failed (room full, server unreachable…): say why, offer a way forward. */
export function JoinError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <MessagePage
      title={t(isParleyError(error) && error.code === 'room-locked' ? 'locked.title' : 'joinError.title')}
      actions={
        <>
          <button type="button" className="button button--primary" onClick={onRetry}>
            {t('joinError.retry')}
          </button>
          <HomeLink className="button">{t('joinError.home')}</HomeLink>
        </>
      }
      // The room-full page has its own hook: a person over the cap must never fail silently.
      {...(isParleyError(error) && error.code === 'room-full' ? { testId: 'room-full' } : {})}
    >
      <p
        className="form-error form-error--large"
        role="alert"
        data-testid="join-error"
        data-code={isParleyError(error) ? error.code : 'unknown'}
      >
        {describeJoinError(error, t)}
      </p>
    </MessagePage>
  );
}
