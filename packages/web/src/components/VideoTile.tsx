import type { HTMLAttributes, KeyboardEvent, ReactNode } from 'react';
import type { LinkQuality, Reaction } from '@parley/client';
import { useI18n } from '../i18n/I18nProvider.js';
import { useLiveVideo } from '../hooks/useLiveVideo.js';
import { useMediaElement } from '../hooks/useMediaElement.js';
import { streamKey, useStreamHandover } from '../hooks/useStreamHandover.js';
import { HandIcon, MicOffIcon, PinIcon } from './icons.js';
import { initials } from './initials.js';
import { QualityIndicator } from './QualityIndicator.js';
import { REACTION_EMOJI } from './reactionEmoji.js';
import './reactions.css';

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
  /**
   * Known video state: the self view knows it, a remote tile knows it when the person announced
   * camera off. Otherwise it is detected from the frames (never a frozen last frame).
   */
  videoOn?: boolean;
  micOff?: boolean;
  /** Their place in the raised-hands queue (1 is first); absent while their hand is down. */
  hand?: number | undefined;
  /** Pin this tile large (speaker view on it), or unpin it. */
  pin?: { pinned: boolean; onToggle: () => void } | undefined;
  /** Their latest reaction while it shows (a new key plays it again). */
  reaction?: { key: number; reaction: Reaction } | undefined;
  /** A status shown over the tile; `busy` adds a spinner ("Connecting…" vs "Camera is off"). */
  hint?: { text: string; busy: boolean } | null;
  /** Speaker for the sound of this tile (setSinkId). */
  sinkId?: string | undefined;
  /** Highlighted as the active speaker. */
  speaking?: boolean;
  quality?: LinkQuality | undefined;
  /** Shown over the picture (the connection panel). */
  overlay?: ReactNode;
  /** Screen shares keep their whole picture visible and are never mirrored. */
  variant?: 'person' | 'screen';
  videoTestId?: string;
  /** Small in a corner over the other tile (a phone's 1:1 call); pressing it swaps the two. */
  inset?: { label: string; onSwap: () => void } | undefined;
  tileProps?: HTMLAttributes<HTMLDivElement> & Record<`data-${string}`, string>;
}

export function VideoTile(props: VideoTileProps) {
  const { t } = useI18n();
  const { stream, revision, name, label, muted, mirrored = false, micOff = false, hint, speaking = false } = props;
  // A replaced stream (mesh → SFU) warms up hidden and takes over on its first frame.
  const handover = useStreamHandover(stream);
  const { ref, blocked, resume } = useMediaElement(handover.shown, revision, muted, props.sinkId);
  const detected = useLiveVideo(ref, handover.shown, revision);
  const videoClass = mirrored ? 'tile__video tile__video--mirrored' : 'tile__video';
  const videoOn = props.videoOn === false ? false : props.videoOn === true || detected;
  const classes = ['tile'];
  if (!videoOn) classes.push('tile--no-video');
  if (speaking) classes.push('tile--speaking');
  if (props.variant === 'screen') classes.push('tile--screen');
  if (props.inset) classes.push('tile--inset');
  const inset = props.inset;

  return (
    <div
      {...props.tileProps}
      {...(inset
        ? {
            role: 'button',
            tabIndex: 0,
            'aria-label': inset.label,
            title: inset.label,
            onClick: inset.onSwap,
            onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => {
              if (event.key !== 'Enter' && event.key !== ' ') return;
              event.preventDefault();
              inset.onSwap();
            },
          }
        : {})}
      className={classes.join(' ')}
      data-speaking={speaking ? 'true' : 'false'}
      data-muted={micOff ? 'true' : 'false'}
    >
      <video
        key={streamKey(handover.shown)}
        ref={ref}
        className={videoClass}
        data-testid={props.videoTestId}
        autoPlay
        playsInline
        muted={muted}
      />
      {/* After the shown one, so that taking over never moves it in the DOM (a moved <video> pauses). */}
      {handover.incoming ? (
        <video key={streamKey(handover.incoming)} ref={handover.incomingRef} className={videoClass} autoPlay playsInline muted />
      ) : null}
      {videoOn ? null : (
        <div className="tile__avatar" aria-hidden="true" data-testid="tile-avatar">
          <span>{initials(name)}</span>
        </div>
      )}
      {hint ? (
        <div className="tile__hint" role="status">
          {hint.busy ? <span className="spinner" aria-hidden="true" /> : null}
          {hint.text}
        </div>
      ) : null}
      {props.overlay}
      {blocked ? (
        <button type="button" className="tile__unblock" onClick={resume}>
          {t('call.tapToPlay', { name })}
        </button>
      ) : null}
      {props.hand ? (
        <span className="tile__hand" data-testid="hand-raised" data-position={props.hand} title={t('hands.onTile', { n: props.hand })}>
          <HandIcon />
          <span aria-hidden="true">{props.hand}</span>
          <span className="visually-hidden">{t('hands.onTile', { n: props.hand })}</span>
        </span>
      ) : null}
      {props.pin ? (
        <button
          type="button"
          className={props.pin.pinned ? 'tile__pin tile__pin--on' : 'tile__pin'}
          data-testid="pin-button"
          aria-pressed={props.pin.pinned}
          aria-label={props.pin.pinned ? t('layout.unpin', { name }) : t('layout.pin', { name })}
          title={props.pin.pinned ? t('layout.unpin', { name }) : t('layout.pin', { name })}
          onClick={props.pin.onToggle}
        >
          <PinIcon />
        </button>
      ) : null}
      {props.reaction ? (
        // Announced once for the room by the call's live region, not per tile.
        <span
          key={props.reaction.key}
          className="tile__reaction"
          data-testid="tile-reaction"
          data-reaction={props.reaction.reaction}
          aria-hidden="true"
        >
          {REACTION_EMOJI[props.reaction.reaction]}
        </span>
      ) : null}
      {label || micOff || props.quality ? (
        <div className="tile__label">
          {props.quality ? <QualityIndicator quality={props.quality} /> : null}
          {micOff ? (
            <span className="tile__mic-off" title={t('call.muted')} data-testid="muted-indicator">
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
