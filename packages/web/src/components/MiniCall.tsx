import { createPortal } from 'react-dom';
import { useI18n } from '../i18n/I18nProvider.js';
import { useMediaElement } from '../hooks/useMediaElement.js';

/**
 * The call in the Document Picture-in-Picture window: the person speaking (muted here: their
 * sound already plays in the call's page), Mute and Leave.
 */
export function MiniCall({
  target,
  stream,
  name,
  micOn,
  onToggleMic,
  onLeave,
}: {
  target: Window;
  stream: MediaStream | null;
  name: string;
  micOn: boolean;
  onToggleMic: () => void;
  onLeave: () => void;
}) {
  const { t } = useI18n();
  return createPortal(
    <div className="mini-call" data-testid="mini-call">
      {stream ? <MiniVideo stream={stream} /> : <p className="mini-call__alone">{t('call.alone')}</p>}
      {name ? <span className="mini-call__name">{name}</span> : null}
      <div className="mini-call__controls">
        <button type="button" className="button button--small" data-testid="mini-mute" aria-pressed={!micOn} onClick={onToggleMic}>
          {micOn ? t('participants.mute') : t('call.unmute')}
        </button>
        <button type="button" className="button button--small button--danger" data-testid="mini-leave" onClick={onLeave}>
          {t('controls.leave')}
        </button>
      </div>
    </div>,
    target.document.body,
  );
}

function MiniVideo({ stream }: { stream: MediaStream }) {
  const { ref } = useMediaElement(stream, 0, true);
  return <video ref={ref} className="mini-call__video" data-testid="mini-video" autoPlay playsInline muted />;
}
