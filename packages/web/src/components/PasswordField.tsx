import { useI18n } from '../i18n/I18nProvider.js';
import './password.css';

export type PasswordProblem = 'required' | 'wrong' | null;

/**
 * The room password in the lobby: `enter` the one a protected room asks for, or, as the first
 * one in, `set` the new meeting's. After a refusal it says which it was.
 */
export function PasswordField({
  value,
  onChange,
  problem,
  mode,
}: {
  value: string;
  onChange: (value: string) => void;
  problem: PasswordProblem;
  mode: 'enter' | 'set';
}) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label className="field__label" htmlFor="room-password">
        {t(mode === 'set' ? 'lobby.passwordSetLabel' : 'lobby.passwordLabel')}
      </label>
      <input
        id="room-password"
        className="input"
        type="password"
        data-testid="password-input"
        value={value}
        maxLength={256}
        autoComplete="off"
        autoFocus={problem !== null || mode === 'set'}
        aria-invalid={problem !== null}
        aria-describedby="room-password-hint"
        onChange={(event) => onChange(event.target.value)}
      />
      {problem ? (
        <p id="room-password-hint" className="form-error" role="alert" data-testid="password-error">
          {t(problem === 'wrong' ? 'lobby.wrongPassword' : 'lobby.passwordRequired')}
        </p>
      ) : (
        <p id="room-password-hint" className="field__hint">
          {t(mode === 'set' ? 'lobby.passwordSetHint' : 'lobby.passwordHint')}
        </p>
      )}
    </div>
  );
}
