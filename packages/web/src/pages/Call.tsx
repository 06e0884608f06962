import type { LinkConnectionState, Room } from '@parley/client';
import { AppShell } from '../components/AppShell.js';
import { ChatPanel, ChatToggle } from '../chat/ChatPanel.js';
import { useChatPanel } from '../chat/useChatPanel.js';
import { CopyLinkButton } from '../components/CopyLinkButton.js';
import { IceProblemBanner } from '../components/IceProblemBanner.js';
import { LeaveIcon } from '../components/icons.js';
import { MediaToggles } from '../components/MediaToggles.js';
import { MediaWarnings } from '../components/MediaWarnings.js';
import { ParticipantsButton } from '../components/ParticipantsButton.js';
import { SignalingBanner } from '../components/SignalingBanner.js';
import { VideoTile } from '../components/VideoTile.js';
import { useIceProblem } from '../hooks/useIceProblem.js';
import type { LocalMediaState } from '../hooks/useLocalMedia.js';
import { useRoomState } from '../hooks/useRoomState.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/I18nProvider.js';

const HINTS: Partial<Record<LinkConnectionState, { key: MessageKey; busy: boolean }>> = {
  new: { key: 'call.connecting', busy: true },
  connecting: { key: 'call.connecting', busy: true },
  disconnected: { key: 'call.reconnecting', busy: true },
  reconnecting: { key: 'call.reconnecting', busy: true },
  failed: { key: 'call.failed', busy: false },
};

export interface CallProps {
  room: Room;
  local: LocalMediaState;
  onLeave: () => void;
  onRejoin: () => void;
}

export function Call({ room, local, onLeave, onRejoin }: CallProps) {
  const { t } = useI18n();
  const { participants, signaling } = useRoomState(room);
  const iceProblem = useIceProblem(room);
  const selfName = room.self?.name ?? '';
  const count = participants.length + 1;
  const panel = useChatPanel(room);

  return (
    <AppShell
      fill
      aside={<span className="pill" data-testid="participant-count">{t('call.participants', { n: count })}</span>}>
      <div className="call">
        <SignalingBanner state={signaling} onRejoin={onRejoin} />
        <IceProblemBanner problem={iceProblem} waiting={participants.some((p) => p.connectionState !== 'connected')} />
        <MediaWarnings warnings={local.warnings} onRetry={local.retry} onDismiss={local.dismissWarnings} />

        <div className="stage" data-count={Math.min(count, 6)}>
          <VideoTile
            stream={local.media.stream}
            revision={local.revision}
            name={selfName}
            label={t('call.you', { name: selfName })}
            muted
            mirrored
            videoOn={local.hasVideo && local.cameraEnabled}
            micOff={!local.micEnabled}
            videoTestId="local-video"
            tileProps={{ 'data-testid': 'self-tile' }}
          />
          {participants.map((p) => {
            const hint = HINTS[p.connectionState];
            return (
              <VideoTile
                key={p.id}
                stream={p.stream}
                revision={p.revision}
                name={p.name}
                label={p.name}
                muted={false}
                hint={hint ? { text: t(hint.key), busy: hint.busy } : null}
                videoTestId="remote-video"
                tileProps={{
                  'data-testid': 'participant-tile',
                  'data-participant-id': p.id,
                  'data-participant-name': p.name,
                  'data-connection-state': p.connectionState,
                }}
              />
            );
          })}
        </div>

        {participants.length === 0 ? <p className="call__alone">{t('call.alone')}</p> : null}

        <nav className="controls" aria-label={t('controls.label')}>
          <MediaToggles local={local} />
          <ChatToggle panel={panel} />
          <CopyLinkButton roomId={room.roomId} />
          <ParticipantsButton room={room} participants={participants} />
          <button
            type="button"
            className="control control--danger"
            data-testid="leave-button"
            aria-label={t('controls.leave')}
            title={t('controls.leave')}
            onClick={onLeave}
          >
            <LeaveIcon />
            <span className="control__caption">{t('controls.leave')}</span>
          </button>
        </nav>
        {panel.open ? <ChatPanel room={room} panel={panel} participants={participants} /> : null}
      </div>
    </AppShell>
  );
}
