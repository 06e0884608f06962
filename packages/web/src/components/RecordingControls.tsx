import { useCallback, useEffect, useState } from 'react';
import { isParleyError, type RecordingSummary, type Room } from '@parley/client';
import { useCallView } from '../room/useCallView.js';
import { useI18n } from '../i18n/I18nProvider.js';

/**
 * The host's recording controls (in the participants panel): Record / Stop, and the room's
 * recordings with their state, size and download links (fresh links on each refresh: they
 * expire after a few minutes).
 */
export function RecordingControls({ room }: { room: Room }) {
  const { t } = useI18n();
  const { recording: active, e2ee } = useCallView();
  // The server cannot record what it cannot read: the host turns encryption off first.
  const blocked = e2ee.on && !active;
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [recordings, setRecordings] = useState<RecordingSummary[] | null>(null);

  const describe = useCallback(
    (error: unknown) =>
      isParleyError(error) && error.code === 'sfu-unavailable'
        ? t('recording.unavailable')
        : isParleyError(error) && error.code === 'e2ee-on'
          ? t('recording.e2ee')
          : isParleyError(error)
            ? error.message
            : String(error),
    [t],
  );
  /** Unknown until the first list answers; `off` hides the controls (the server does not record). */
  const [available, setAvailable] = useState<'unknown' | 'on' | 'off'>('unknown');
  const refresh = useCallback(() => {
    room.recording.list().then(
      (list) => {
        setRecordings(list);
        setAvailable('on');
      },
      (error: unknown) => {
        if (isParleyError(error) && error.code === 'sfu-unavailable') setAvailable('off');
        else setProblem(describe(error));
      },
    );
  }, [room, describe]);
  // The list changes when a recording stops (conversion starts) or starts.
  useEffect(refresh, [refresh, active]);

  const toggle = () => {
    setBusy(true);
    setProblem(null);
    (active ? room.recording.stop() : room.recording.start())
      .catch((error: unknown) => setProblem(describe(error)))
      .finally(() => {
        setBusy(false);
        refresh();
      });
  };

  if (available !== 'on' && !active) return null;
  return (
    <section className="recording" aria-label={t('recording.list')}>
      <div className="recording__bar">
        <button
          type="button"
          className={`button button--small${active ? ' button--danger' : ''}`}
          data-testid="recording-toggle"
          disabled={busy || blocked}
          onClick={toggle}
        >
          {active ? t('recording.stop') : t('recording.start')}
        </button>
        <button type="button" className="button button--small" data-testid="recording-refresh" onClick={refresh}>
          {t('recording.refresh')}
        </button>
      </div>
      {blocked ? (
        <p className="people__note" data-testid="recording-e2ee-note">
          {t('recording.e2ee')}
        </p>
      ) : null}
      {problem ? (
        <p className="form-error people__note" role="alert">
          {problem}
        </p>
      ) : null}
      {recordings && recordings.length === 0 ? <p className="people__note">{t('recording.none')}</p> : null}
      <ul className="recording__list" data-testid="recordings">
        {(recordings ?? []).map((recording) => (
          <li key={recording.id} className="recording__item" data-testid="recording-row" data-state={recording.state}>
            <span>
              {new Date(recording.startedAt).toLocaleString()} · {t(`recording.state.${recording.state}`)} · {formatBytes(recording.bytes)}
            </span>
            {recording.participants.length > 0 ? <span className="recording__who">{recording.participants.join(', ')}</span> : null}
            <ul className="recording__files">
              {recording.files.map((file) =>
                file.url ? (
                  <li key={file.name}>
                    <a href={file.url} download={file.name} data-testid="recording-download">
                      {file.name}
                    </a>{' '}
                    ({formatBytes(file.bytes)})
                  </li>
                ) : (
                  <li key={file.name}>
                    {file.name} · {t(`recording.state.${file.state}`)}
                  </li>
                ),
              )}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
