import { HomeLink } from '../components/HomeLink.js';
import { MessagePage } from '../components/MessagePage.js';
import { useI18n } from '../i18n/I18nProvider.js';
import '../components/waiting.css';

/**
 * The room's waiting room holds us until the host lets us in: say so, and let the person leave.
 * The camera and microphone stay ready, so the call starts with them the moment we are let in.
 */
export function WaitingScreen({ name, onLeave }: { name: string; onLeave: () => void }) {
  const { t } = useI18n();
  return (
    <MessagePage
      title={t('waiting.title')}
      testId="waiting-screen"
      actions={
        <button type="button" className="button" data-testid="waiting-leave" onClick={onLeave}>
          {t('waiting.leave')}
        </button>
      }
    >
      <div className="waiting-screen__pulse" aria-hidden="true" />
      <p>{t('waiting.body', { name })}</p>
    </MessagePage>
  );
}

/** The host turned us away. Asking again is allowed after a minute (the server says so if too soon). */
export function Denied({ onAskAgain }: { onAskAgain: () => void }) {
  const { t } = useI18n();
  return (
    <MessagePage
      title={t('waiting.denied.title')}
      testId="waiting-denied"
      actions={
        <>
          <button type="button" className="button button--primary" data-testid="waiting-ask-again" onClick={onAskAgain}>
            {t('waiting.denied.again')}
          </button>
          <HomeLink className="button">{t('left.home')}</HomeLink>
        </>
      }
    >
      <p>{t('waiting.denied.body')}</p>
    </MessagePage>
  );
}
