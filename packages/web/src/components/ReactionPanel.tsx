import { useRef, useState } from 'react';
import { isParleyError, REACTIONS, type Room } from '@parley/client';
import { usePanelFocus } from '../hooks/usePanelFocus.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { REACTION_EMOJI } from './reactionEmoji.js';
import './reactions.css';

/**
 * The reactions tray over the controls: one press sends one to everyone, shown over your tile
 * and theirs for a few seconds. It stays open for a round of applause; Escape closes it. Past a
 * few a second the server says to wait, and the tray says so.
 */
export function ReactionPanel({ room, onClose }: { room: Room; onClose: () => void }) {
  const { t } = useI18n();
  const panel = useRef<HTMLElement>(null);
  usePanelFocus(panel, onClose);
  const [slowDown, setSlowDown] = useState(false);
  const send = (reaction: (typeof REACTIONS)[number]) => {
    room.react(reaction).then(
      () => setSlowDown(false),
      (error: unknown) => {
        if (isParleyError(error) && error.code === 'rate-limited') setSlowDown(true);
        else console.warn('[parley] reaction not sent', error);
      },
    );
  };
  return (
    <section
      className="card device-panel reaction-panel"
      data-testid="reaction-panel"
      aria-label={t('reactions.title')}
      ref={panel}
      tabIndex={-1}
    >
      <div className="reaction-panel__row">
        {REACTIONS.map((reaction) => (
          <button
            key={reaction}
            type="button"
            className="reaction-panel__option"
            data-testid="reaction-option"
            data-reaction={reaction}
            aria-label={t(`reactions.${reaction}`)}
            title={t(`reactions.${reaction}`)}
            onClick={() => send(reaction)}
          >
            <span aria-hidden="true">{REACTION_EMOJI[reaction]}</span>
          </button>
        ))}
      </div>
      {slowDown ? (
        <p className="reaction-panel__note" role="status" data-testid="reaction-slow-down">
          {t('reactions.slowDown')}
        </p>
      ) : null}
    </section>
  );
}
