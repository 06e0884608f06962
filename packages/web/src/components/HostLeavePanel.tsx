import { useRef, useState } from 'react';
import type { Room } from '@parley/client';
import { usePanelFocus } from '../hooks/usePanelFocus.js';
import { useI18n } from '../i18n/I18nProvider.js';
import type { ParticipantView } from '../room/CallStore.js';

/**
 * The host leaving a meeting others are still in: hand the role to someone chosen here (the
 * server would otherwise pick whoever has been in longest), or end the meeting for everyone. If
 * the others all leave while it is open, it offers a plain Leave. With breakout rooms open it
 * says that leaving the main room empty ends the meeting for those in them, and offers to bring
 * everyone back first.
 */
export function HostLeavePanel({
  room,
  participants,
  breakoutsOpen,
  onLeave,
  onClose,
}: {
  room: Room;
  participants: readonly ParticipantView[];
  breakoutsOpen: boolean;
  onLeave: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const panel = useRef<HTMLElement>(null);
  usePanelFocus(panel, onClose);
  const [next, setNext] = useState(participants[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const chosen = participants.find((p) => p.id === next) ?? participants[0];

  // Leaving is what the person asked for: a hand-over that fails (the chosen one left meanwhile)
  // does not keep them in; the server passes the role to whoever has been in longest.
  const handOverAndLeave = async (id: string) => {
    setBusy(true);
    await room.moderation.makeHost(id).catch((error: unknown) => console.warn('[parley] the host role was not handed over', error));
    onLeave();
  };

  const endForEveryone = async () => {
    setBusy(true);
    setFailed(false);
    try {
      await room.moderation.endForEveryone();
      onLeave();
    } catch (error) {
      console.warn('[parley] the host request failed', error);
      setFailed(true);
      setBusy(false);
    }
  };

  return (
    <section className="card device-panel" data-testid="host-leave-panel" aria-labelledby="host-leave-title" ref={panel} tabIndex={-1}>
      <h2 className="popover__title" id="host-leave-title">
        {t('hostLeave.title')}
      </h2>
      {chosen ? (
        <label className="field">
          <span className="field__label">{t('hostLeave.next')}</span>
          <select className="input" data-testid="next-host-select" value={chosen.id} onChange={(event) => setNext(event.target.value)}>
            {participants.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      ) : breakoutsOpen ? null : (
        <p>{t('hostLeave.nobody')}</p>
      )}
      {breakoutsOpen ? (
        <p data-testid="host-leave-breakouts">
          {t(chosen ? 'hostLeave.breakouts' : 'hostLeave.breakoutsAlone')}{' '}
          <button
            type="button"
            className="button button--small"
            data-testid="host-leave-close-breakouts"
            disabled={busy}
            onClick={() => void room.breakouts.close().then(onClose, () => setFailed(true))}
          >
            {t('breakout.close')}
          </button>
        </p>
      ) : null}
      <div className="popover__actions">
        {/* One button whatever happens meanwhile: the others may all leave while this is open. */}
        <button
          type="button"
          className="button button--primary"
          data-testid="host-leave-confirm"
          disabled={busy}
          onClick={() => (chosen ? void handOverAndLeave(chosen.id) : onLeave())}
        >
          {chosen ? t('hostLeave.handOver', { name: chosen.name }) : t('controls.leave')}
        </button>
        {chosen || breakoutsOpen ? (
          <button
            type="button"
            className="button button--danger"
            data-testid="end-for-everyone"
            disabled={busy}
            onClick={() => void endForEveryone()}
          >
            {t('hostLeave.end')}
          </button>
        ) : null}
        <button type="button" className="button button--ghost" data-testid="host-leave-cancel" onClick={onClose}>
          {t('hostLeave.cancel')}
        </button>
      </div>
      {failed ? (
        <p className="form-error" role="alert">
          {t('hostLeave.failed')}
        </p>
      ) : null}
    </section>
  );
}
