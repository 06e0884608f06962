import { useRef } from 'react';
import { usePanelFocus } from '../hooks/usePanelFocus.js';
import { SHORTCUT_KEYS, type ShortcutAction } from '../hooks/useShortcuts.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/I18nProvider.js';

const DESCRIPTIONS: Record<ShortcutAction, MessageKey> = {
  mic: 'shortcuts.mic',
  camera: 'shortcuts.camera',
  share: 'shortcuts.share',
  hand: 'shortcuts.hand',
  chat: 'shortcuts.chat',
  people: 'shortcuts.people',
  help: 'shortcuts.help',
};

/** The list `?` opens: every key and what it does, push to talk included. Escape closes it. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const panel = useRef<HTMLElement>(null);
  usePanelFocus(panel, onClose);
  return (
    <section
      className="card device-panel shortcuts"
      data-testid="shortcuts-dialog"
      aria-label={t('shortcuts.title')}
      ref={panel}
      tabIndex={-1}
    >
      <h2 className="popover__title">{t('shortcuts.title')}</h2>
      <dl className="shortcuts__list">
        {Object.entries(SHORTCUT_KEYS).map(([key, action]) => (
          <div key={key} className="shortcuts__row">
            <dt>
              <kbd>{key.toUpperCase()}</kbd>
            </dt>
            <dd>{t(DESCRIPTIONS[action])}</dd>
          </div>
        ))}
        <div className="shortcuts__row">
          <dt>
            <kbd>{t('shortcuts.space')}</kbd>
          </dt>
          <dd>{t('shortcuts.talk')}</dd>
        </div>
      </dl>
      <div className="popover__actions">
        <button type="button" className="button button--small" data-testid="shortcuts-close" onClick={onClose}>
          {t('shortcuts.close')}
        </button>
      </div>
    </section>
  );
}
