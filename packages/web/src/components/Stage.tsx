import { useState, type CSSProperties } from 'react';
import type { LinkConnectionState, ScreenShare } from '@parley/client';
import { SELF, type LinkStatsState } from '../hooks/useLinkStats.js';
import { useMediaQuery } from '../hooks/useMediaQuery.js';
import type { LocalMediaState } from '../hooks/useLocalMedia.js';
import type { ParticipantView, ShownReaction } from '../room/CallStore.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { ConnectionStats } from './ConnectionStats.js';
import { PresentingCard } from './PresentingCard.js';
import { VideoTile } from './VideoTile.js';

const HINTS: Partial<Record<LinkConnectionState, { key: MessageKey; busy: boolean }>> = {
  new: { key: 'call.connecting', busy: true },
  connecting: { key: 'call.connecting', busy: true },
  disconnected: { key: 'call.reconnecting', busy: true },
  reconnecting: { key: 'call.reconnecting', busy: true },
  failed: { key: 'call.failed', busy: false },
};

/** Why a picture stopped on a link too slow for video: theirs to you, yours to them, or both. */
function pausedHint(paused: ParticipantView['videoPaused']): { key: MessageKey; busy: boolean } | undefined {
  if (paused.toYou && paused.toThem) return { key: 'call.videoPausedBoth', busy: false };
  if (paused.toYou) return { key: 'call.videoPausedToYou', busy: false };
  if (paused.toThem) return { key: 'call.videoPausedToThem', busy: false };
  return undefined;
}

export interface StageProps {
  selfName: string;
  local: LocalMediaState;
  participants: readonly ParticipantView[];
  localScreen: ScreenShare | null;
  onStopScreenShare: () => void;
  links: LinkStatsState;
  showStats: boolean;
  /** Your participant id (for your own raised hand). */
  selfId: string;
  /** Someone's place in the raised-hands queue (1 is first), or null while their hand is down (`room.hands.positionOf`). */
  handOf: (participantId: string) => number | null;
  /** Someone's latest reaction while it shows, or null. */
  reactionOf: (participantId: string) => ShownReaction | null;
  /** What the person chose to see (StageToolbar): grid or speaker, the pinned tile, tiles hidden. */
  view: StageView;
  /** Pin someone's tile large (null: unpin). */
  onPin: (participantId: string | null) => void;
}

/** The stage's layout as the person set it. */
export interface StageView {
  layout: 'grid' | 'speaker';
  /** A remote participant shown large whatever the layout; null when none is pinned. */
  pinned: string | null;
  /** Leave out those who announced their camera off (unless pinned). */
  hideNoVideo: boolean;
  /** Your own tile minimised out of the stage. */
  selfHidden: boolean;
}

/**
 * The tiles. Without screen shares: a grid of everyone (1–6), or, in speaker view or with someone
 * pinned, that person (else whoever speaks) large and the others in a strip. With a screen shared:
 * the shared screens large and the people in the strip. Tiles of those without video, and your
 * own, can be left out (StageView).
 */
/** As stage.css stacks two tiles. */
const PHONE_UPRIGHT = '(max-width: 640px) and (orientation: portrait)';

export function Stage({
  selfName,
  selfId,
  handOf,
  reactionOf,
  view,
  onPin,
  local,
  participants,
  localScreen,
  onStopScreenShare,
  links,
  showStats,
}: StageProps) {
  const { t } = useI18n();
  // A 1:1 call on a phone held upright: the other person fills the screen and you are small in a
  // corner, as phone meeting apps show it; pressing the small one swaps them.
  const phoneUpright = useMediaQuery(PHONE_UPRIGHT);
  const [swapped, setSwapped] = useState(false);
  const pinned = participants.some((p) => p.id === view.pinned) ? view.pinned : null;
  const shown = view.hideNoVideo ? participants.filter((p) => p.media?.video !== false || p.id === pinned) : participants;
  const speakerView = view.layout === 'speaker' || pinned !== null;
  const pip =
    phoneUpright &&
    !speakerView &&
    !view.selfHidden &&
    participants.length === 1 &&
    shown.length === 1 &&
    !localScreen &&
    !participants[0]!.sharing;
  const swap = { label: t('call.swap'), onSwap: () => setSwapped((on) => !on) };
  const insetSelf = pip && !swapped ? swap : undefined;
  const insetOther = pip && swapped ? swap : undefined;
  const selfTile = (
    <VideoTile
      key="self"
      stream={local.media.stream}
      revision={local.revision}
      name={selfName}
      label={t('call.you', { name: selfName })}
      muted
      mirrored
      videoOn={local.hasVideo && local.cameraEnabled}
      micOff={!local.micEnabled}
      hand={handOf(selfId) ?? undefined}
      reaction={reactionOf(selfId) ?? undefined}
      speaking={links.activeSpeaker === SELF}
      videoTestId="local-video"
      inset={insetSelf}
      tileProps={{ 'data-testid': 'self-tile' }}
    />
  );
  const remoteTiles = new Map(
    shown.map((p) => {
      const hint = HINTS[p.connectionState] ?? pausedHint(p.videoPaused);
      const stats = links.stats.get(p.id);
      return [
        p.id,
        <VideoTile
          key={p.id}
          stream={p.stream}
          revision={p.revision}
          name={p.name}
          label={p.name}
          muted={false}
          sinkId={local.audioOutputId}
          // Announced camera off (or video paused to you) shows the avatar at once; otherwise the frames decide.
          {...(p.media?.video === false || p.videoPaused.toYou ? { videoOn: false } : {})}
          micOff={p.media?.audio === false}
          hand={handOf(p.id) ?? undefined}
          reaction={reactionOf(p.id) ?? undefined}
          speaking={links.activeSpeaker === p.id}
          quality={stats?.quality ?? 'unknown'}
          overlay={showStats ? <ConnectionStats stats={stats} cameraOff={p.media?.video === false} /> : null}
          hint={hint ? { text: t(hint.key), busy: hint.busy } : null}
          videoTestId="remote-video"
          inset={insetOther}
          pin={{ pinned: p.id === pinned, onToggle: () => onPin(p.id === pinned ? null : p.id) }}
          tileProps={{
            'data-testid': 'participant-tile',
            'data-participant-id': p.id,
            'data-participant-name': p.name,
            'data-connection-state': p.connectionState,
            'data-pinned': p.id === pinned ? 'true' : 'false',
          }}
        />,
      ] as const;
    }),
  );
  const people = [...(view.selfHidden ? [] : [selfTile]), ...remoteTiles.values()];
  const screens = [
    ...(localScreen ? [<PresentingCard key="self-screen" onStop={onStopScreenShare} />] : []),
    ...participants
      .filter((p) => p.sharing)
      .map((p) => (
        <VideoTile
          key={`screen-${p.id}`}
          stream={p.screenStream}
          revision={p.revision}
          name={p.name}
          label={t('call.screenOf', { name: p.name })}
          muted={false}
          // A still screen sends few or no new frames (zero-hertz screencast): never show the avatar for it.
          videoOn
          sinkId={local.audioOutputId}
          variant="screen"
          videoTestId="screen-video"
          tileProps={{ 'data-testid': 'screen-tile', 'data-participant-name': p.name, 'data-participant-id': p.id }}
        />
      )),
  ];

  if (pip) {
    return (
      <div className="stage stage--inset" data-layout="inset">
        {people}
      </div>
    );
  }
  // Speaker view without a screen shared: the pinned person large, else whoever speaks, else the first.
  const featuredId =
    pinned ?? (typeof links.activeSpeaker === 'string' && remoteTiles.has(links.activeSpeaker) ? links.activeSpeaker : null);
  const featured = screens.length === 0 && speakerView ? (remoteTiles.get(featuredId ?? '') ?? [...remoteTiles.values()][0]) : undefined;
  if (screens.length === 0 && !featured) {
    return (
      <div className="stage" data-layout="grid" data-count={Math.min(Math.max(people.length, 1), 6)}>
        {people}
      </div>
    );
  }
  const large = featured ? [featured] : screens;
  const strip = featured ? people.filter((tile) => tile !== featured) : people;
  return (
    <div className="speaker-view" data-layout="speaker">
      <div className="stage" data-count={Math.min(large.length, 6)} data-testid="stage-large">
        {large}
      </div>
      {strip.length > 0 ? (
        <div className="speaker-view__strip" style={{ '--strip-count': strip.length } as CSSProperties}>
          {strip}
        </div>
      ) : null}
    </div>
  );
}
