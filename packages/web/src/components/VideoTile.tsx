import type { HTMLAttributes } from 'react';
import { useI18n } from '../i18n/I18nProvider.js';
import { useLiveVideo } from '../hooks/useLiveVideo.js';
import { useMediaElement } from '../hooks/useMediaElement.js';
import { MicOffIcon } from './icons.js';

export interface VideoTileProps {
  stream: MediaStream;
  /** Bumps when the stream's tracks change. */
  revision: number;
  /** The person's name (typed by them: rendered as text only). */
  name: string;
  /** Visible caption, e.g. "Ada (you)". */
  label: string;
  /** Self view is muted (no echo); remote tiles must not be, or nobody hears anyone. */
  muted: boolean;
  mirrored?: boolean;
  /** Known video state (self view); remote tiles detect it from the track. */
  videoOn?: boolean;
  micOff?: boolean;
  /** A status shown over the tile; `busy` adds a spinner ("Connecting…" vs "Camera is off"). */
  hint?: { text: string; busy: boolean } | null;
  videoTestId?: string;
  tileProps?: HTMLAttributes<HTMLDivElement> & Record<`data-${string}`, string>;
}

export function VideoTile(props: VideoTileProps) {
  const { t } = useI18n();
  const { stream, revision, name, label, muted, mirrored = false, micOff = false, hint } = props;
  const { ref, blocked, resume } = useMediaElement(stream, revision, muted);
  const detected = useLiveVideo(ref, stream, revision);
  const videoOn = props.videoOn ?? detected;

  return (
    <div {...props.tileProps} className={`tile${videoOn ? '' : ' tile--no-video'}`}>
      <video
        ref={ref}
        className={mirrored ? 'tile__video tile__video--mirrored' : 'tile__video'}
        data-testid={props.videoTestId}
        autoPlay
        playsInline
        muted={muted}
      />
      {videoOn ? null : (
        <div className="tile__avatar" aria-hidden="true">
          <span>{initial(name)}</span>
        </div>
      )}
      {hint ? (
        <div className="tile__hint" role="status">
          {hint.busy ? <span className="spinner" aria-hidden="true" /> : null}
          {hint.text}
        </div>
      ) : null}
      {blocked ? (
        <button type="button" className="tile__unblock" onClick={resume}>
          {t('call.tapToPlay', { name })}
        </button>
      ) : null}
      {label || micOff ? (
        <div className="tile__label">
          {micOff ? (
            <span className="tile__mic-off" title={t('call.muted')}>
              <MicOffIcon />
              <span className="visually-hidden">{t('call.muted')}</span>
            </span>
          ) : null}
          {label ? <span className="tile__name">{label}</span> : null}
        </div>
      ) : null}
    </div>
  );
}

/** First letter (a whole grapheme, so 한 or an emoji stays intact) for the avatar. */
function initial(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  const Segmenter = (Intl as { Segmenter?: typeof Intl.Segmenter }).Segmenter;
  if (Segmenter) {
    const first = new Segmenter(undefined, { granularity: 'grapheme' }).segment(trimmed)[Symbol.iterator]().next();
    if (!first.done) return first.value.segment.toUpperCase();
  }
  return (Array.from(trimmed)[0] ?? '?').toUpperCase();
}
