import { useI18n } from '../i18n/I18nProvider.js';
import { formatClock, useCountdown } from '../hooks/useCountdown.js';
import { useCallStore, useCallView } from '../room/useCallView.js';
import './breakouts.css';

/** Where this page is in a meeting with breakout rooms: the breakout room it is in, and how to go back. */
export interface BreakoutPlace {
  name: string;
  endsAt: number | null;
  onReturn: () => void;
}

/**
 * Breakout rooms as everyone sees them, in the page's flow above the stage: in a breakout room,
 * its name, the time left and "Return to main room"; in the main room while they are open, that
 * they are; and the host's message to every room, until dismissed.
 */
export function BreakoutNotice({ place }: { place: BreakoutPlace | null }) {
  const { t } = useI18n();
  const store = useCallStore();
  const { breakouts, breakoutMessage } = useCallView();
  const endsAt = place ? place.endsAt : (breakouts?.endsAt ?? null);
  const left = useCountdown(endsAt);
  const clock = left === null ? null : t('breakout.timeLeft', { time: formatClock(left) });
  return (
    <>
      {place ? (
        <section className="notice notice--info breakout-notice" data-testid="breakout-banner" data-room={place.name}>
          <p className="notice__text">
            <strong>{t('breakout.youAreIn', { name: place.name })}</strong>
            {clock ? <span className="breakout-notice__clock"> · {clock}</span> : null}
          </p>
          <div className="notice__actions">
            <button type="button" className="button button--primary button--small" data-testid="breakout-return" onClick={place.onReturn}>
              {t('breakout.return')}
            </button>
          </div>
        </section>
      ) : breakouts ? (
        <section className="notice notice--info breakout-notice" data-testid="breakouts-open-notice">
          <p className="notice__text">
            {t('breakout.openNotice')}
            {clock ? <span className="breakout-notice__clock"> · {clock}</span> : null}
          </p>
        </section>
      ) : null}
      <div role="status" className="call__live">
        {breakoutMessage ? (
          <section className="notice notice--info breakout-notice" data-testid="breakout-message">
            <p className="notice__text">{t('breakout.messageFrom', { name: breakoutMessage.from, text: breakoutMessage.text })}</p>
            <div className="notice__actions">
              <button type="button" className="button button--small button--ghost" onClick={() => store.dismissBreakoutMessage()}>
                {t('breakout.dismiss')}
              </button>
            </div>
          </section>
        ) : null}
      </div>
    </>
  );
}
