import { useRef, useState } from 'react';
import { isParleyError, type Breakouts, type RaisedHand, type Room, type RoomStatus } from '@parley/client';
import type { ParticipantView } from '../room/CallStore.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { AUTO_LOWER_CHOICES, type AutoLowerSeconds } from '../hooks/useAutoLowerHand.js';
import { BreakoutPanel } from './BreakoutPanel.js';
import { RaisedHandsList } from './RaisedHandsList.js';
import { RecordingControls } from './RecordingControls.js';
import { CameraOffIcon, MicOffIcon } from './icons.js';
import { usePanelFocus } from '../hooks/usePanelFocus.js';

/**
 * Everyone in the call, the host marked, and the raised hands in order. The host also gets Mute,
 * Remove and Make host per person, Lower on each hand, the Lock room and Waiting room switches, the
 * breakout rooms (main room only); the server
 * checks every one of these requests.
 */
export function ParticipantsPanel({
  room,
  participants,
  status,
  isHost,
  hands,
  self: selfMedia,
  autoLower,
  onAutoLower,
  breakouts,
  onClose,
}: {
  room: Room;
  participants: readonly ParticipantView[];
  status: RoomStatus;
  isHost: boolean;
  /** Raised hands, first raised first. */
  hands: readonly RaisedHand[];
  /** Your own microphone and camera, as your controls show them. */
  self: { mic: boolean; camera: boolean };
  /** After how many seconds of your speaking your raised hand goes down (0: never). */
  autoLower: AutoLowerSeconds;
  onAutoLower: (seconds: AutoLowerSeconds) => void;
  /** The main room's breakout rooms (open or null), or undefined in a breakout room (none run from there). */
  breakouts: Breakouts | null | undefined;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  const aside = useRef<HTMLElement>(null);
  usePanelFocus(aside, onClose);
  /** Runs a host request; a refusal is shown. Resolves when it is answered, never rejects. */
  const run = (action: () => Promise<void>): Promise<void> => {
    setProblem(null);
    return action().catch((error: unknown) => setProblem(isParleyError(error) ? error.message : String(error)));
  };
  const self = room.self;
  const everyone = [
    ...(self ? [{ id: self.id, name: self.name, me: true, mic: selfMedia.mic, camera: selfMedia.camera }] : []),
    // Unknown until they announce it (null): shown as on, as their tile does.
    ...participants.map((p) => ({ id: p.id, name: p.name, me: false, mic: p.media?.audio !== false, camera: p.media?.video !== false })),
  ];

  return (
    <aside
      className="side people"
      data-testid="participants-panel"
      aria-label={t('participants.title', { n: everyone.length })}
      ref={aside}
      tabIndex={-1}
    >
      <header className="side__head">
        <h2 className="side__title">{t('participants.title', { n: everyone.length })}</h2>
        <button
          type="button"
          className="side__close"
          aria-label={t('participants.close')}
          title={t('participants.close')}
          onClick={onClose}
        >
          ×
        </button>
      </header>
      {/* One scroller for everything under the title: host controls, hands and people alike stay reachable. */}
      <div className="people__body">
        {isHost ? (
          <>
            <HostSwitch
              testId="lock-room"
              label={t('participants.lock')}
              on={status.locked}
              onChange={(on) => run(() => room.moderation.lock(on))}
            />
            <HostSwitch
              testId="waiting-room-toggle"
              label={t('waiting.toggle')}
              on={status.waitingRoom}
              onChange={(on) => run(() => room.waitingRoom.setEnabled(on))}
            />
            <HostSwitch
              testId="e2ee-toggle"
              label={t('e2ee.toggle')}
              on={status.e2ee ?? false}
              onChange={(on) => run(() => room.moderation.setE2ee(on))}
            />
          </>
        ) : null}
        {isHost ? <RecordingControls room={room} /> : null}
        {isHost && breakouts !== undefined ? <BreakoutPanel room={room} people={participants} breakouts={breakouts} run={run} /> : null}
        {status.locked ? (
          <p className="people__note" data-testid="room-locked-note">
            {t('participants.locked')}
          </p>
        ) : null}
        {status.waitingRoom && !status.locked ? (
          <p className="people__note" data-testid="waiting-room-note">
            {t('waiting.on')}
          </p>
        ) : null}
        {problem ? (
          <p className="form-error people__note" role="alert">
            {problem}
          </p>
        ) : null}
        <RaisedHandsList room={room} hands={hands} isHost={isHost} run={run} />
        <label className="field people__auto-lower">
          <span className="field__label">{t('hands.autoLower')}</span>
          <select
            className="input"
            data-testid="auto-lower-hand"
            value={autoLower}
            onChange={(event) => onAutoLower(Number(event.target.value) as AutoLowerSeconds)}
          >
            {AUTO_LOWER_CHOICES.map((seconds) => (
              <option key={seconds} value={seconds}>
                {seconds === 0 ? t('hands.autoLowerNever') : t('hands.autoLowerAfter', { n: seconds })}
              </option>
            ))}
          </select>
        </label>
        <ul className="people__list">
          {everyone.map((person) => (
            <li
              key={person.id}
              className="people__row"
              data-testid="participant-row"
              data-participant-name={person.name}
              data-mic={person.mic ? 'on' : 'off'}
              data-camera={person.camera ? 'on' : 'off'}
            >
              <span className="people__name">
                {person.me ? t('call.you', { name: person.name }) : person.name}
                {status.hostId === person.id ? (
                  <span className="pill people__host" data-testid="host-badge">
                    {t('participants.host')}
                  </span>
                ) : null}
                {person.mic ? null : (
                  <span className="people__state" title={t('participants.micOff')}>
                    <MicOffIcon />
                    <span className="visually-hidden">{t('participants.micOff')}</span>
                  </span>
                )}
                {person.camera ? null : (
                  <span className="people__state" title={t('participants.cameraOff')}>
                    <CameraOffIcon />
                    <span className="visually-hidden">{t('participants.cameraOff')}</span>
                  </span>
                )}
              </span>
              {isHost && !person.me ? (
                <span className="people__actions">
                  <button
                    type="button"
                    className="button button--small"
                    data-testid="ask-mute"
                    onClick={() => run(() => room.moderation.askToMute(person.id))}
                  >
                    {t('participants.mute')}
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    data-testid="make-host"
                    onClick={() => run(() => room.moderation.makeHost(person.id))}
                  >
                    {t('participants.makeHost')}
                  </button>
                  <button
                    type="button"
                    className="button button--small button--danger"
                    data-testid="remove-participant"
                    onClick={() => run(() => room.moderation.remove(person.id))}
                  >
                    {t('participants.remove')}
                  </button>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
    </aside>
  );
}

/**
 * One of the room's switches a host turns on and off (a checkbox: Space toggles it). It shows
 * the new position at once, while the server is asked; the room's status (which the server sends
 * before it answers) then holds it, or, refused, it springs back.
 */
function HostSwitch({
  testId,
  label,
  on,
  onChange,
}: {
  testId: string;
  label: string;
  on: boolean;
  onChange: (on: boolean) => Promise<void>;
}) {
  const [asked, setAsked] = useState<boolean | null>(null);
  const change = (next: boolean) => {
    setAsked(next);
    void onChange(next).finally(() => setAsked(null));
  };
  return (
    <label className="people__lock">
      <input type="checkbox" data-testid={testId} checked={asked ?? on} onChange={(event) => change(event.target.checked)} />
      <span>{label}</span>
    </label>
  );
}
