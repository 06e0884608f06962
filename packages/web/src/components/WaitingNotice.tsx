import { useEffect, useRef, useState } from 'react';
import { isParleyError, type Room } from '@parley/client';
import { ringDoorbell } from '../hooks/chime.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { useCallView } from '../room/useCallView.js';
import './waiting.css';

/** People listed with their own Admit and Deny; the rest are counted ("and 4 more") and come in with Admit all. */
const LISTED = 3;

/**
 * "Bob is waiting to join — Admit / Deny": the waiting room as the host sees it, in the page's
 * flow above the stage (it covers no tile), with a doorbell for each new knock. Only those who
 * may moderate are told who waits, so nobody else ever sees it.
 */
export function WaitingNotice({ room }: { room: Room }) {
  const { t } = useI18n();
  const { waiting } = useCallView();
  const [problem, setProblem] = useState<string | null>(null);
  const rung = useRef<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const knocks = new Set(waiting.map((person) => person.knock));
    if (waiting.some((person) => !rung.current.has(person.knock))) ringDoorbell();
    rung.current = knocks;
  }, [waiting]);

  const run = (action: () => Promise<void>) => {
    setProblem(null);
    action().catch((error: unknown) => setProblem(isParleyError(error) ? error.message : String(error)));
  };
  const first = waiting[0];
  const listed = waiting.slice(0, LISTED);
  return (
    <div role="status" className="call__live">
      {first ? (
        <section className="notice notice--info waiting-notice" data-testid="waiting-notice" data-count={waiting.length}>
          <p className="notice__text">
            {waiting.length === 1 ? t('waiting.notice.one', { name: first.name }) : t('waiting.notice.many', { n: waiting.length })}
          </p>
          <ul className="notice__list waiting-notice__list">
            {listed.map((person) => (
              <li key={person.knock} className="waiting-notice__person" data-testid="waiting-person" data-name={person.name}>
                <span className="waiting-notice__name">{person.name}</span>
                <button
                  type="button"
                  className="button button--primary button--small"
                  data-testid="admit-button"
                  aria-label={t('waiting.admitTitle', { name: person.name })}
                  onClick={() => run(() => room.waitingRoom.admit(person.knock))}
                >
                  {t('waiting.admit')}
                </button>
                <button
                  type="button"
                  className="button button--small button--ghost"
                  data-testid="deny-button"
                  aria-label={t('waiting.denyTitle', { name: person.name })}
                  onClick={() => run(() => room.waitingRoom.deny(person.knock))}
                >
                  {t('waiting.deny')}
                </button>
              </li>
            ))}
          </ul>
          <div className="notice__actions">
            {waiting.length > LISTED ? (
              <span className="waiting-notice__more">{t('waiting.more', { n: waiting.length - LISTED })}</span>
            ) : null}
            {waiting.length > 1 ? (
              <button
                type="button"
                className="button button--primary button--small"
                data-testid="admit-all"
                onClick={() => run(() => room.waitingRoom.admitAll())}
              >
                {t('waiting.admitAll', { n: waiting.length })}
              </button>
            ) : null}
          </div>
          {problem ? (
            <p className="form-error" role="alert">
              {problem}
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
