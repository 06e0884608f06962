import { useI18n } from '../i18n/I18nProvider.js';
import type { StageView } from './Stage.js';

/**
 * Above the stage: how to lay the call out (speaker view or grid), whether tiles without video
 * and your own tile show, and the mini window. Each is a toggle button (aria-pressed) in the tab order.
 */
export function StageToolbar({
  view,
  onChange,
  hiddenCount,
  miniWindow,
  shortcutsOpen,
  onShortcuts,
}: {
  view: StageView;
  onChange: (view: StageView) => void;
  /** How many tiles `hideNoVideo` leaves out now. */
  hiddenCount: number;
  /** The mini window, when this browser has one. */
  miniWindow: { open: boolean; onToggle: () => void } | null;
  /** The keyboard shortcuts list (also `?`). */
  shortcutsOpen: boolean;
  onShortcuts: () => void;
}) {
  const { t } = useI18n();
  const toggle = (testId: string, caption: string, pressed: boolean, change: () => void, title?: string) => (
    <button
      type="button"
      className="button button--small button--ghost stage-toolbar__toggle"
      data-testid={testId}
      aria-pressed={pressed}
      title={title}
      onClick={change}
    >
      {caption}
    </button>
  );
  const speaker = view.layout === 'speaker' || view.pinned !== null;
  return (
    <div className="stage-toolbar" role="group" aria-label={t('layout.label')}>
      {toggle('layout-toggle', t('layout.speaker'), speaker, () =>
        onChange(speaker ? { ...view, layout: 'grid', pinned: null } : { ...view, layout: 'speaker' }),
      )}
      {toggle('hide-no-video-toggle', t('layout.hideNoVideo'), view.hideNoVideo, () =>
        onChange({ ...view, hideNoVideo: !view.hideNoVideo }),
      )}
      {toggle('self-view-toggle', t('layout.selfHide'), view.selfHidden, () => onChange({ ...view, selfHidden: !view.selfHidden }))}
      {miniWindow ? toggle('pip-button', t('layout.pip'), miniWindow.open, miniWindow.onToggle, t('layout.pipTitle')) : null}
      {toggle('shortcuts-button', t('shortcuts.title'), shortcutsOpen, onShortcuts)}
      {view.hideNoVideo && hiddenCount > 0 ? (
        <span className="stage-toolbar__note" data-testid="hidden-count">
          {t('layout.hiddenCount', { n: hiddenCount })}
        </span>
      ) : null}
    </div>
  );
}
