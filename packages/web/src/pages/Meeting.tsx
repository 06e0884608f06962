import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { isParleyError, type BreakoutAssignment, type ChatMessage, type Room } from '@parley/client';
import { loadCallCode, type CallCode } from '../callCode.js';
import { initialName, rememberName } from '../displayName.js';
import { useLocalMedia } from '../hooks/useLocalMedia.js';
import { JoinError } from './JoinError.js';
import { Left } from './Left.js';
import { Lobby } from './Lobby.js';
import { Ended, Removed } from './Removed.js';
import { Denied, WaitingScreen } from './Waiting.js';
import type { PasswordProblem } from '../components/PasswordField.js';
import { previousSession, rememberSession } from '../session.js';
import { OtherTabs } from '../room/OtherTabs.js';
import { EarlyConnection } from '../room/EarlyConnection.js';
import { MessagePage } from '../components/MessagePage.js';
import { useI18n } from '../i18n/I18nProvider.js';

type Phase =
  | { kind: 'lobby' }
  /** `unreachable`: an attempt to reach the server failed; the join keeps trying until its timeout. */
  | { kind: 'joining'; unreachable?: boolean }
  /** The room's waiting room holds the join until the host lets us in. */
  | { kind: 'waiting' }
  /** The host turned us away. */
  | { kind: 'denied' }
  /** In the call: the main room's, or (`breakout`) the breakout room the host sent us to. */
  | { kind: 'call'; room: Room; breakout: BreakoutAssignment | null; Call: CallCode['Call'] }
  /** On the way to a breakout room (its name), or back to the main room (null). */
  | { kind: 'moving'; to: string | null }
  | { kind: 'left' }
  /** Another tab of this browser joined this meeting: this one left. */
  | { kind: 'moved' }
  | { kind: 'rejoining' }
  | { kind: 'removed' }
  /** The host ended the meeting for everyone (`by`: their name). */
  | { kind: 'ended'; by: string }
  | { kind: 'error'; error: unknown };

/** Where a join goes: the meeting's room, or a breakout room of it. */
interface Destination {
  /** The breakout room, with the ticket that opens it; absent: the main room. */
  breakout?: BreakoutAssignment;
  /** Back from a breakout room: its ticket (past password, lock and waiting room) and the main room's chat. */
  back?: { ticket: string; chat: readonly ChatMessage[] };
}

/** How long after a breakout room's time is up the page goes back by itself, if the server has not said so. */
const BREAKOUT_OVERTIME_MS = 5_000;

/**
 * One meeting page: lobby → call → left (or a join error). It owns the LocalMedia and
 * the Room so both outlive the screen changes, and releases them on the way out. A visit to a
 * breakout room is a second Room on the same LocalMedia: the main room's Room leaves, the
 * breakout room's joins with its ticket, and back again the same way, the main room's chat
 * carried across (RoomOptions.chatHistory).
 */
export function Meeting({ roomId, query }: { roomId: string; query: URLSearchParams }) {
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>({ kind: 'lobby' });
  const [name, setName] = useState(() => initialName(query));
  // `?token=` from an embedding app (see README, "Embedding"); the password is typed in the lobby.
  const token = query.get('token') ?? undefined;
  const [password, setPassword] = useState('');
  const [passwordProblem, setPasswordProblem] = useState<PasswordProblem>(null);
  const choosePassword = useCallback((value: string) => {
    setPassword(value);
    setPasswordProblem(null);
  }, []);
  // Devices are released while nobody needs them (left, removed, or looking at an error).
  const local = useLocalMedia(
    phase.kind !== 'left' &&
      phase.kind !== 'moved' &&
      phase.kind !== 'error' &&
      phase.kind !== 'removed' &&
      phase.kind !== 'ended' &&
      phase.kind !== 'denied',
  );
  const [otherTabs] = useState(() => new OtherTabs(roomId));
  useEffect(() => () => otherTabs.close(), [otherTabs]);
  // Outside the call: is this person in it in another tab of this browser? (the lobby offers to move it here)
  const [inOtherTab, setInOtherTab] = useState(false);
  const inCall = phase.kind === 'call';
  useEffect(() => (inCall ? undefined : otherTabs.watchCalls(setInOtherTab)), [inCall, otherTabs]);
  // The call's code arrives while the person is in the lobby (the join waits for it only if not),
  // and the signaling connection opens meanwhile: the join takes it.
  const [early] = useState(() => new EarlyConnection(location.origin));
  const inLobby = phase.kind === 'lobby';
  useEffect(() => {
    if (inLobby) early.open(loadCallCode);
  }, [inLobby, early]);
  useEffect(() => () => early.close(), [early]);
  // The room currently wanted; a join that finishes after the user moved on is discarded.
  const current = useRef<Room | null>(null);
  // The breakout room we are in (or on our way to), with the main room's chat kept for the way back.
  // `returning`: on the way back already (the server's word, the button and the timer may all come).
  const visit = useRef<{ assignment: BreakoutAssignment; mainChat: readonly ChatMessage[]; returning: boolean } | null>(null);
  // The moves between rooms, assigned below on each render; the join's own events call them.
  const moves = useRef<{ toBreakout: (assignment: BreakoutAssignment) => void; back: () => void }>({
    toBreakout: () => undefined,
    back: () => undefined,
  });

  const join = useCallback(
    async (displayName: string, destination: Destination = {}) => {
      rememberName(displayName);
      const { breakout, back } = destination;
      const moving = breakout !== undefined || back !== undefined;
      if (!moving) setPhase({ kind: 'joining' });
      // In the call in another tab: that tab leaves and hands over its session, which this join
      // replaces, so the seat moves here (no password again, not shut out by a lock).
      const handed = moving ? null : await otherTabs.takeOver();
      const replaces = moving ? null : (handed ?? previousSession(roomId));
      let code: CallCode;
      try {
        code = await loadCallCode();
      } catch (error) {
        // The call's code did not arrive (the network dropped): the join error offers to try again.
        setPhase({ kind: 'error', error });
        return;
      }
      const { Room, fetchNodeUrls, roomEncryption, Call } = code;
      const prepared = moving ? null : await early.take();
      // Several nodes: the others this page may move to if the one that served it dies.
      const serverUrls = prepared?.serverUrls ?? (await fetchNodeUrls(location.origin));
      const ticket = breakout?.ticket ?? back?.ticket;
      const e2ee = roomEncryption();
      const room = new Room({
        serverUrl: location.origin,
        serverUrls,
        ...(prepared ? { connection: prepared.connection } : {}),
        roomId: breakout?.room ?? roomId,
        name: displayName,
        media: local.media,
        ...(password && !moving ? { password } : {}),
        ...(token && !breakout ? { token } : {}),
        ...(replaces ? { replaces } : {}),
        ...(ticket ? { ticket } : {}),
        ...(back ? { chatHistory: back.chat } : {}),
        ...(e2ee ? { e2ee } : {}),
      });
      current.current = room;
      if (breakout) room.on('breakouts-closed', () => moves.current.back());
      else room.on('breakout-assignment', (assignment) => moves.current.toBreakout(assignment));
      room.on('signaling-state', (state) =>
        setPhase((now) =>
          now.kind === 'joining' && current.current === room ? { kind: 'joining', unreachable: state === 'reconnecting' } : now,
        ),
      );
      room.on('waiting-for-host', (waiting) =>
        setPhase((now) => {
          if (current.current !== room) return now;
          if (waiting) return { kind: 'waiting' };
          return now.kind === 'waiting' ? { kind: 'joining' } : now;
        }),
      );
      if (!breakout) room.on('session', (resumeToken) => rememberSession(roomId, resumeToken));
      // Removed by the host, or a rejoin refused: the room has left by itself.
      room.on('ended', (reason) => {
        if (current.current !== room) return;
        // Out of a breakout room (its rejoin refused, say): back to the main room, unless the meeting is over.
        if (breakout && reason.code !== 'meeting-ended' && reason.code !== 'removed') {
          moves.current.back();
          return;
        }
        current.current = null;
        if (reason.code === 'meeting-ended')
          setPhase({ kind: 'ended', by: typeof reason.details.by === 'string' ? reason.details.by : '' });
        else if (reason.code === 'session-replaced') setPhase({ kind: 'moved' });
        else setPhase(reason.code === 'removed' ? { kind: 'removed' } : { kind: 'error', error: reason });
      });
      try {
        await room.join();
        if (current.current !== room) {
          void room.leave();
          return;
        }
        // A transition: React renders the call view in slices, so the peer connections' callbacks
        // (the offer being made right now) run between them instead of after the whole render.
        if (!breakout) visit.current = null;
        startTransition(() => setPhase({ kind: 'call', room, breakout: breakout ?? null, Call }));
      } catch (error) {
        void room.leave();
        if (current.current !== room) return;
        current.current = null;
        // The breakout room could not be entered (closed meanwhile, say): back to the main room.
        if (breakout) {
          moves.current.back();
          return;
        }
        const code = isParleyError(error) ? error.code : null;
        if (code === 'password-required' || code === 'wrong-password') {
          setPasswordProblem(code === 'wrong-password' ? 'wrong' : 'required');
          setPhase({ kind: 'lobby' });
          return;
        }
        setPhase(code === 'removed' ? { kind: 'removed' } : code === 'knock-denied' ? { kind: 'denied' } : { kind: 'error', error });
      }
    },
    [roomId, local.media, password, token, otherTabs, early],
  );

  const leave = useCallback(async (next: Phase) => {
    const room = current.current;
    current.current = null;
    if (next.kind !== 'moving') visit.current = null;
    setPhase(next);
    await room?.leave().catch((error: unknown) => console.warn('[parley] leave failed', error));
  }, []);

  // The host sends us to a breakout room: leave the main room (its chat kept), join that one.
  moves.current.toBreakout = (assignment) => {
    const main = current.current;
    if (!main || visit.current) return;
    visit.current = { assignment, mainChat: [...main.chat.messages], returning: false };
    void leave({ kind: 'moving', to: assignment.name }).then(() => join(name, { breakout: assignment }));
  };
  // Back to the main room (rooms closed, time up, or by choice), with the same ticket; once only.
  moves.current.back = () => {
    const from = visit.current;
    if (!from || from.returning) return;
    from.returning = true;
    void leave({ kind: 'moving', to: null }).then(() => join(name, { back: { ticket: from.assignment.ticket, chat: from.mainChat } }));
  };

  // A breakout room's time is up: go back even if the server's word is lost (its node died, say).
  const breakoutEndsAt = phase.kind === 'call' ? (phase.breakout?.endsAt ?? null) : null;
  useEffect(() => {
    if (breakoutEndsAt === null) return undefined;
    const timer = setTimeout(() => moves.current.back(), Math.max(0, breakoutEndsAt - Date.now()) + BREAKOUT_OVERTIME_MS);
    return () => clearTimeout(timer);
  }, [breakoutEndsAt]);

  // In the call: tabs opened later hear it, and one that joins takes the call over.
  useEffect(
    () =>
      inCall
        ? otherTabs.stayInCall(async () => {
            const session = current.current?.resumeToken ?? null;
            await leave({ kind: 'moved' });
            return session;
          })
        : undefined,
    [inCall, otherTabs, leave],
  );

  // Rejoin waits for the devices to be back, so the others see us from the first frame.
  useEffect(() => {
    if (phase.kind === 'rejoining' && local.ready) void join(name);
  }, [phase.kind, local.ready, join, name]);

  useEffect(() => {
    // Closing the tab: say goodbye so the others' tiles go away at once, not on timeout.
    const onPageHide = () => void current.current?.leave();
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      void current.current?.leave();
      current.current = null;
    };
  }, []);

  switch (phase.kind) {
    case 'lobby':
    case 'joining':
      return (
        <Lobby
          roomId={roomId}
          local={local}
          name={name}
          onNameChange={setName}
          joining={phase.kind === 'joining'}
          unreachable={phase.kind === 'joining' && phase.unreachable === true}
          onCancelJoin={() => void leave({ kind: 'lobby' })}
          inOtherTab={inOtherTab}
          onJoin={(chosen) => void join(chosen)}
          {...(token ? {} : { password: { value: password, onChange: choosePassword, problem: passwordProblem } })}
        />
      );
    case 'waiting':
      return <WaitingScreen name={name} onLeave={() => void leave({ kind: 'lobby' })} />;
    case 'denied':
      return <Denied onAskAgain={() => setPhase({ kind: 'lobby' })} />;
    case 'call':
      return (
        <phase.Call
          room={phase.room}
          local={local}
          onLeave={() => void leave({ kind: 'left' })}
          onRejoin={() => void leave({ kind: 'rejoining' })}
          breakout={
            phase.breakout ? { name: phase.breakout.name, endsAt: phase.breakout.endsAt, onReturn: () => moves.current.back() } : null
          }
        />
      );
    case 'moving':
      return (
        <MessagePage
          title={phase.to === null ? t('breakout.movingBack') : t('breakout.moving', { name: phase.to })}
          testId="breakout-moving"
        />
      );
    case 'left':
    case 'moved':
    case 'rejoining':
      return (
        <Left
          rejoining={phase.kind === 'rejoining'}
          movedToOtherTab={phase.kind === 'moved' || (phase.kind === 'left' && inOtherTab)}
          onRejoin={() => setPhase({ kind: 'rejoining' })}
        />
      );
    case 'removed':
      return <Removed />;
    case 'ended':
      return <Ended by={phase.by} />;
    case 'error':
      return <JoinError error={phase.error} onRetry={() => setPhase({ kind: 'lobby' })} />;
  }
}
