import { useState, type FormEvent } from 'react';
import type { RoomPresence } from '@parley/client';
import { AppShell } from '../components/AppShell.js';
import { DeviceSettings } from '../components/DeviceSettings.js';
import { HomeLink } from '../components/HomeLink.js';
import { MediaWarnings } from '../components/MediaWarnings.js';
import { MediaToggles } from '../components/MediaToggles.js';
import { PasswordField, type PasswordProblem } from '../components/PasswordField.js';
import { VideoTile } from '../components/VideoTile.js';
import { checkName, MAX_NAME_LENGTH, type NameProblem } from '../displayName.js';
import type { LocalMediaState } from '../hooks/useLocalMedia.js';
import { useRoomPresence } from '../hooks/useRoomPresence.js';
import { hasFinePointer } from '../hooks/usePanelFocus.js';
import { createdHere } from '../session.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/I18nProvider.js';

const NAME_PROBLEM_KEYS: Record<Exclude<NameProblem, null>, MessageKey> = {
  required: 'lobby.nameRequired',
  'too-long': 'lobby.nameTooLong',
  invalid: 'lobby.nameInvalid',
};

export interface LobbyProps {
  roomId: string;
  local: LocalMediaState;
  name: string;
  onNameChange: (name: string) => void;
  joining: boolean;
  /** While joining: the server could not be reached yet (the join keeps trying until its timeout). */
  unreachable: boolean;
  /** Stops a join that is still trying. */
  onCancelJoin: () => void;
  /** This person is in the call in another tab of this browser: joining here moves it (that tab leaves). */
  inOtherTab: boolean;
  onJoin: (name: string) => void;
  /** Room password (see PasswordField); absent when a token from the link admits us. */
  password?: { value: string; onChange: (value: string) => void; problem: PasswordProblem };
}

/** Pre-join: check camera and mic, pick devices, say who you are. */
export function Lobby({ roomId, local, name, onNameChange, joining, unreachable, onCancelJoin, inOtherTab, onJoin, password }: LobbyProps) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<NameProblem>(null);
  const presence = useRoomPresence(roomId);
  // The cursor starts in the name field where there is a keyboard; on a touch screen focusing it
  // would open the on-screen keyboard over the preview and the Join button.
  const [focusName] = useState(() => hasFinePointer());
  const [settingPassword, setSettingPassword] = useState(false);
  // Device pickers take half a phone's screen: folded there, under their summary, so Join shows.
  const [devicesOpen, setDevicesOpen] = useState(() => window.matchMedia?.('(min-width: 821px)').matches ?? true);
  const locked = presence !== null && presence.locked && presence.participants > 0;
  // The host lets people in: joining is asking (a reloaded page of someone inside goes straight back in).
  const knocks = presence !== null && presence.waitingRoom && presence.participants > 0 && !inOtherTab;
  const passwordMode = passwordFieldMode(presence, settingPassword || (password?.value ?? '') !== '', password?.problem ?? null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkName(name);
    setProblem(found);
    if (!found) onJoin(name.trim());
  };

  const hint = !local.ready
    ? { text: t('lobby.startingMedia'), busy: true }
    : local.blocked.has('camera')
      ? { text: t('lobby.cameraBlocked'), busy: false }
      : local.cameraEnabled
        ? null
        : { text: t('lobby.cameraOff'), busy: false };

  return (
    <AppShell>
      <div className="lobby">
        <div className="lobby__preview">
          <VideoTile
            stream={local.media.stream}
            revision={local.revision}
            name={name || '?'}
            label={name.trim()}
            muted
            mirrored
            videoOn={local.hasVideo && local.cameraEnabled}
            micOff={local.ready && !local.micEnabled}
            hint={hint}
            videoTestId="preview-video"
          />
          <div className="lobby__toggles">
            <MediaToggles local={local} ready={local.ready} />
          </div>
        </div>

        <form className="card lobby__form" onSubmit={submit} noValidate>
          <h1 className="lobby__title">{t('lobby.title')}</h1>
          <p className="lobby__room">{t('lobby.room', { room: roomId })}</p>

          <MediaWarnings warnings={local.warnings} onRetry={local.retry} />
          {inOtherTab ? (
            <div className="notice" role="status" data-testid="other-tab-notice">
              <div className="notice__body">
                <p>{t('lobby.inOtherTab')}</p>
                <div className="notice__actions">
                  <HomeLink className="button button--small button--ghost">{t('lobby.inOtherTabCancel')}</HomeLink>
                </div>
              </div>
            </div>
          ) : null}

          <div className="field">
            <label className="field__label" htmlFor="display-name">
              {t('lobby.nameLabel')}
            </label>
            <input
              id="display-name"
              className="input"
              data-testid="name-input"
              value={name}
              maxLength={MAX_NAME_LENGTH}
              placeholder={t('lobby.namePlaceholder')}
              autoComplete="nickname"
              autoFocus={focusName}
              aria-invalid={problem !== null}
              aria-describedby={problem ? 'display-name-error' : undefined}
              onChange={(event) => {
                onNameChange(event.target.value);
                setProblem(null);
              }}
            />
            {problem ? (
              <p id="display-name-error" className="form-error" role="alert">
                {t(NAME_PROBLEM_KEYS[problem])}
              </p>
            ) : null}
          </div>

          {password && (passwordMode === 'enter' || passwordMode === 'set') ? <PasswordField {...password} mode={passwordMode} /> : null}

          <details className="lobby__devices" open={devicesOpen} onToggle={(event) => setDevicesOpen(event.currentTarget.open)}>
            <summary data-testid="lobby-devices">{t('controls.devices')}</summary>
            <div className="lobby__device-pickers">
              <DeviceSettings local={local} disabled={!local.ready} />
            </div>
          </details>

          <button
            type="submit"
            className="button button--primary button--large button--block"
            data-testid="join-button"
            disabled={joining || !local.ready}
          >
            {joining ? t('lobby.joining') : inOtherTab ? t('lobby.joinHere') : knocks ? t('lobby.askToJoin') : t('lobby.join')}
          </button>
          {/* Under the button, never above it: the count is refreshed while the person aims at Join,
              and the offer of a password goes once someone else is in; either, above it, would move
              the button under the pointer. */}
          {password && passwordMode === 'offer' ? (
            <button type="button" className="lobby__password-add" data-testid="password-add" onClick={() => setSettingPassword(true)}>
              {t('lobby.passwordAdd')}
            </button>
          ) : null}
          <div role="status" className="lobby__live">
            {presence === null ? null : (
              <p
                className={locked ? 'lobby__presence lobby__presence--locked' : 'lobby__presence'}
                data-testid="room-presence"
                data-participants={presence.participants}
                data-locked={locked}
              >
                {locked
                  ? t('lobby.presenceLocked', { n: presence.participants })
                  : presence.participants > 0
                    ? `${t('lobby.presenceSome', { n: presence.participants })}${knocks ? ` ${t('lobby.presenceWaiting')}` : ''}`
                    : createdHere(roomId)
                      ? t('lobby.presenceCreated')
                      : t('lobby.presenceNone')}
              </p>
            )}
            {unreachable ? (
              <p className="lobby__unreachable" data-testid="join-unreachable">
                <span>{t('lobby.unreachable')}</span>
                <button type="button" className="button button--small" data-testid="join-cancel" onClick={onCancelJoin}>
                  {t('lobby.cancelJoin')}
                </button>
              </p>
            ) : null}
          </div>
        </form>
      </div>
    </AppShell>
  );
}

/**
 * Whether the lobby asks for a password: `enter` where the meeting has one (or the server refused
 * without it), `offer` a button to set one where nobody is in yet (the first one in may protect
 * the meeting), `set` once asked to, `none` for a guest of an open meeting, and while the server
 * has not said (a protected meeting then refuses the join, and the field shows with the reason).
 */
function passwordFieldMode(presence: RoomPresence | null, setting: boolean, problem: PasswordProblem): 'enter' | 'offer' | 'set' | 'none' {
  if (problem !== null || presence?.passwordProtected) return 'enter';
  if (presence === null || presence.participants > 0) return 'none';
  return setting ? 'set' : 'offer';
}
