import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Room } from '@parley/client';
import { AppShell } from '../components/AppShell.js';
import { ChatAnnouncer } from '../chat/ChatAnnouncer.js';
import { ChatPanel, ChatToggle } from '../chat/ChatPanel.js';
import { useChatPanel } from '../chat/useChatPanel.js';
import { ControlButton } from '../components/ControlButton.js';
import { InvitePanel } from '../components/InvitePanel.js';
import { DeviceNotices } from '../components/DeviceNotices.js';
import { DeviceSettings } from '../components/DeviceSettings.js';
import { FileOfferNotice } from '../files/FileOfferNotice.js';
import { MutedByHostNotice } from '../components/MutedByHostNotice.js';
import { WaitingNotice } from '../components/WaitingNotice.js';
import { BreakoutNotice, type BreakoutPlace } from '../components/BreakoutNotice.js';
import { HostChangeNotice } from '../components/HostChangeNotice.js';
import { HostLeavePanel } from '../components/HostLeavePanel.js';
import { ArrivalNotices } from '../components/ArrivalNotices.js';
import { IceProblemBanner } from '../components/IceProblemBanner.js';
import {
  HandIcon,
  LeaveIcon,
  LinkIcon,
  ReactIcon,
  ScreenShareIcon,
  SettingsIcon,
  StatsIcon,
  StopScreenShareIcon,
} from '../components/icons.js';
import { ReactionAnnouncer } from '../components/ReactionAnnouncer.js';
import { ReactionPanel } from '../components/ReactionPanel.js';
import { MediaToggles } from '../components/MediaToggles.js';
import { MediaWarnings } from '../components/MediaWarnings.js';
import { ParticipantsButton } from '../components/ParticipantsButton.js';
import { ParticipantsPanel } from '../components/ParticipantsPanel.js';
import { RecordingIndicator } from '../components/RecordingIndicator.js';
import { SignalingBanner } from '../components/SignalingBanner.js';
import { MiniCall } from '../components/MiniCall.js';
import { ShortcutsHelp } from '../components/ShortcutsHelp.js';
import { Stage, type StageView } from '../components/Stage.js';
import { StageToolbar } from '../components/StageToolbar.js';
import '../components/call-extras.css';
import '../components/security.css';
import { E2eeBadge } from '../components/E2eeBadge.js';
import { SecurityPanel } from '../components/SecurityPanel.js';
import { useCallTitle } from '../hooks/useCallTitle.js';
import { useLinkStats } from '../hooks/useLinkStats.js';
import { readAutoLower, useAutoLowerHand, writeAutoLower } from '../hooks/useAutoLowerHand.js';
import { useMiniWindow } from '../hooks/useMiniWindow.js';
import { useShortcuts } from '../hooks/useShortcuts.js';
import type { LocalMediaState } from '../hooks/useLocalMedia.js';
import { useReceiveQuality } from '../hooks/useReceiveQuality.js';
import { useScreenShare } from '../hooks/useScreenShare.js';
import { useSpeakingWhileMuted } from '../hooks/useSpeakingWhileMuted.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { CallStore } from '../room/CallStore.js';
import { CallStoreProvider, useCallView } from '../room/useCallView.js';

/** What opens over the controls, one at a time. */
type Popover = 'devices' | 'invite' | 'leave' | 'reactions' | 'shortcuts';

export interface CallProps {
  room: Room;
  local: LocalMediaState;
  onLeave: () => void;
  onRejoin: () => void;
  /** In a breakout room: which, and the way back to the main room (null in the main room). */
  breakout: BreakoutPlace | null;
}

/** The call screen: everything in it reads the room through one CallStore. */
export function Call(props: CallProps) {
  const store = useMemo(() => new CallStore(props.room), [props.room]);
  return (
    <CallStoreProvider store={store}>
      <CallScreen {...props} />
    </CallStoreProvider>
  );
}

function CallScreen({ room, local, onLeave, onRejoin, breakout }: CallProps) {
  const { t } = useI18n();
  const { participants, signaling, localScreen, iceProblem, cpuBusy, status, isHost, hands, waiting, reactions, breakouts } = useCallView();
  const handRaised = room.hands.raised;
  const [autoLower, setAutoLower] = useState(readAutoLower);
  useAutoLowerHand(room, local, handRaised, autoLower);
  useCallTitle(room, local.micEnabled ? null : t('title.muted'));
  const links = useLinkStats(room);
  const speakingMuted = useSpeakingWhileMuted(local);
  useReceiveQuality(room, participants, links.activeSpeaker);
  const screen = useScreenShare(room, localScreen !== null);
  const [showStats, setShowStats] = useState(false);
  // One popover over the controls at a time: the device pickers, the invite, or the host's way out.
  const [popover, setPopover] = useState<Popover | null>(null);
  // The room's security details (the safety code), opened from the badge in the top bar.
  const [securityOpen, setSecurityOpen] = useState(false);
  const togglePopover = (which: Popover) => setPopover((open) => (open === which ? null : which));
  // A host leaving others behind chooses who hosts next, or ends the meeting for everyone.
  const leave = () => (isHost && (participants.length > 0 || breakouts !== null) ? togglePopover('leave') : onLeave());
  const selfName = room.self?.name ?? '';
  const count = participants.length + 1;
  const panel = useChatPanel(room);
  // One side panel at a time, as in Meet: chat (which also opens when you offer files) or people.
  const [showPeople, setShowPeople] = useState(false);
  useEffect(() => {
    if (panel.open) setShowPeople(false);
  }, [panel.open]);
  const togglePeople = () => {
    if (!showPeople) panel.close();
    setShowPeople(!showPeople);
  };
  const side = panel.open ? 'chat' : showPeople ? 'people' : null;
  const [view, setView] = useState<StageView>({ layout: 'grid', pinned: null, hideNoVideo: false, selfHidden: false });
  // The one to float: the pinned person, else whoever speaks, else the first one with a camera on.
  const speakingId = typeof links.activeSpeaker === 'string' ? links.activeSpeaker : null;
  const floated =
    participants.find((p) => p.id === view.pinned) ??
    participants.find((p) => p.id === speakingId) ??
    participants.find((p) => p.media?.video !== false) ??
    participants[0] ??
    null;
  const mini = useMiniWindow(useCallback(() => document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]'), []));

  useShortcuts({
    run: (action) => {
      if (action === 'mic') local.setMicEnabled(!local.micEnabled);
      else if (action === 'camera') void local.setCameraEnabled(!local.cameraEnabled);
      else if (action === 'share' && screen.supported && !screen.busy) screen.toggle();
      else if (action === 'hand') void (handRaised ? room.hands.lower() : room.hands.raise()).catch(() => undefined);
      else if (action === 'chat') panel.toggle();
      else if (action === 'people') togglePeople();
      else if (action === 'help') togglePopover('shortcuts');
    },
    talk: (talking) => local.setMicEnabled(talking),
    micOn: () => local.micEnabled,
  });

  return (
    <AppShell
      fill
      inCall
      aside={
        <>
          <RecordingIndicator />
          <E2eeBadge open={securityOpen} onToggle={() => setSecurityOpen((open) => !open)} />
          <span className="pill" data-testid="participant-count">
            {t('call.participants', { n: count })}
          </span>
        </>
      }
    >
      <div className="call" data-side={side ?? undefined}>
        <h1 className="visually-hidden">{t('call.heading')}</h1>
        <SignalingBanner state={signaling} onRejoin={onRejoin} />
        <IceProblemBanner problem={iceProblem} waiting={participants.some((p) => p.connectionState !== 'connected')} />
        {cpuBusy ? (
          <p className="notice notice--info" role="status" data-testid="cpu-busy">
            {t('call.cpuBusy')}
          </p>
        ) : null}
        <MediaWarnings warnings={local.warnings} onRetry={local.retry} onDismiss={local.dismissWarnings} />
        <DeviceNotices local={local} />
        {securityOpen ? <SecurityPanel onClose={() => setSecurityOpen(false)} /> : null}
        <MutedByHostNotice />
        <WaitingNotice room={room} />
        <BreakoutNotice place={breakout} />
        <FileOfferNotice room={room} chatOpen={panel.open} onShow={panel.toggle} />
        {screen.error ? (
          <p className="notice notice--warning" role="alert" data-testid="screen-share-error">
            {t(screen.error === 'screen-share-unsupported' ? 'screen.unsupported' : 'screen.failed')}
          </p>
        ) : null}

        {/* The stage and the open side panel share the space: a panel never covers a tile or a control. */}
        <div className="call__body">
          <div className="call__main">
            <StageToolbar
              view={view}
              shortcutsOpen={popover === 'shortcuts'}
              onShortcuts={() => togglePopover('shortcuts')}
              onChange={setView}
              hiddenCount={view.hideNoVideo ? participants.filter((p) => p.media?.video === false && p.id !== view.pinned).length : 0}
              miniWindow={
                mini.kind
                  ? {
                      open: mini.window !== null,
                      onToggle: () =>
                        void (mini.window ? Promise.resolve(mini.close()) : mini.open()).catch((error: unknown) =>
                          console.warn('[parley] mini window', error),
                        ),
                    }
                  : null
              }
            />
            <Stage
              view={view}
              onPin={(pinned) => setView((now) => ({ ...now, pinned }))}
              selfName={selfName}
              selfId={room.self?.id ?? ''}
              // Re-read on each render: the view changes with every change of the queue (`hands`).
              handOf={(id) => room.hands.positionOf(id)}
              reactionOf={(id) => reactions.findLast((shown) => shown.from === id) ?? null}
              local={local}
              participants={participants}
              localScreen={localScreen}
              onStopScreenShare={() => room.stopScreenShare()}
              links={links}
              showStats={showStats}
            />
            {participants.length === 0 ? <p className="call__alone">{t('call.alone')}</p> : null}
          </div>
          {side === 'chat' ? <ChatPanel room={room} panel={panel} participants={participants} /> : null}
          {side === 'people' ? (
            <ParticipantsPanel
              room={room}
              participants={participants}
              status={status}
              isHost={isHost}
              hands={hands}
              self={{ mic: local.micEnabled, camera: local.cameraEnabled }}
              autoLower={autoLower}
              onAutoLower={(seconds) => {
                writeAutoLower(seconds);
                setAutoLower(seconds);
              }}
              breakouts={breakout ? undefined : breakouts}
              onClose={() => setShowPeople(false)}
            />
          ) : null}
        </div>

        <nav className="controls" aria-label={t('controls.label')}>
          <MediaToggles local={local} />
          <ControlButton
            icon={localScreen ? <StopScreenShareIcon /> : <ScreenShareIcon />}
            caption={localScreen ? t('controls.stopShareShort') : t('controls.shareShort')}
            title={localScreen ? t('controls.stopShare') : screen.supported ? t('controls.share') : t('screen.unsupported')}
            testId="screen-share-toggle"
            pressed={localScreen !== null}
            {...(localScreen ? { tone: 'active' as const } : {})}
            disabled={!screen.supported || screen.busy}
            onClick={screen.toggle}
          />
          <ControlButton
            icon={<SettingsIcon />}
            caption={t('controls.devicesShort')}
            title={t('controls.devices')}
            testId="devices-toggle"
            pressed={popover === 'devices'}
            {...(popover === 'devices' ? { tone: 'active' as const } : {})}
            onClick={() => togglePopover('devices')}
          />
          <ControlButton
            icon={<StatsIcon />}
            caption={t('controls.statsShort')}
            title={t('controls.stats')}
            testId="stats-toggle"
            pressed={showStats}
            {...(showStats ? { tone: 'active' as const } : {})}
            onClick={() => setShowStats((on) => !on)}
          />
          <ControlButton
            icon={<HandIcon />}
            caption={t('hands.caption')}
            title={handRaised ? t('hands.lower') : t('hands.raise')}
            testId="raise-hand-toggle"
            pressed={handRaised}
            {...(handRaised ? { tone: 'active' as const } : {})}
            onClick={() =>
              void (handRaised ? room.hands.lower() : room.hands.raise()).catch((error: unknown) => console.warn('[parley] hand', error))
            }
          />
          <ControlButton
            icon={<ReactIcon />}
            caption={t('reactions.caption')}
            title={t('reactions.title')}
            testId="reaction-button"
            pressed={popover === 'reactions'}
            {...(popover === 'reactions' ? { tone: 'active' as const } : {})}
            onClick={() => togglePopover('reactions')}
          />
          <ChatToggle panel={panel} />
          <ControlButton
            icon={<LinkIcon />}
            caption={t('controls.copyShort')}
            title={t('invite.title')}
            testId="invite-button"
            pressed={popover === 'invite'}
            {...(popover === 'invite' ? { tone: 'active' as const } : {})}
            onClick={() => togglePopover('invite')}
          />
          <ParticipantsButton open={showPeople} waiting={waiting.length} onToggle={togglePeople} />
          <button
            type="button"
            className="control control--danger"
            data-testid="leave-button"
            title={t('controls.leave')}
            aria-expanded={isHost && (participants.length > 0 || breakouts !== null) ? popover === 'leave' : undefined}
            onClick={leave}
          >
            <LeaveIcon />
            <span className="control__caption">{t('controls.leave')}</span>
          </button>
          <div role="status" className="call__live">
            {speakingMuted ? (
              <p className="muted-hint" data-testid="muted-speaking-hint">
                <span>{t('call.mutedSpeaking')}</span>
                <button
                  type="button"
                  className="button button--small button--primary"
                  data-testid="muted-speaking-unmute"
                  onClick={() => local.setMicEnabled(true)}
                >
                  {t('call.unmute')}
                </button>
              </p>
            ) : null}
          </div>
          {popover === 'leave' && isHost ? (
            <HostLeavePanel
              room={room}
              participants={participants}
              breakoutsOpen={breakouts !== null}
              onLeave={onLeave}
              onClose={() => setPopover(null)}
            />
          ) : null}
          {popover === 'shortcuts' ? <ShortcutsHelp onClose={() => setPopover(null)} /> : null}
          {popover === 'reactions' ? <ReactionPanel room={room} onClose={() => setPopover(null)} /> : null}
          {popover === 'invite' ? <InvitePanel roomId={room.roomId} onClose={() => setPopover(null)} /> : null}
          {popover === 'devices' ? (
            // Opens just above the controls, however many rows they wrap to.
            <section className="card device-panel" data-testid="device-panel" aria-label={t('controls.devices')}>
              <DeviceSettings local={local} />
            </section>
          ) : null}
        </nav>
        <ReactionAnnouncer reactions={reactions} />
        <ChatAnnouncer room={room} chatOpen={panel.open} />
        {mini.window ? (
          <MiniCall
            target={mini.window}
            stream={floated?.stream ?? null}
            name={floated?.name ?? ''}
            micOn={local.micEnabled}
            onToggleMic={() => local.setMicEnabled(!local.micEnabled)}
            onLeave={() => {
              mini.close();
              leave();
            }}
          />
        ) : null}
        <HostChangeNotice />
        <ArrivalNotices />
      </div>
    </AppShell>
  );
}
