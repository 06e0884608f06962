import { useI18n } from '../i18n/I18nProvider.js';
import './password.css';

export type PasswordProblem = 'required' | 'wrong' | null;

/**
 * The room password in the lobby: needed for a protected room, and the new room's password
 * when you are the first one in. After a refusal it says which it was.
 */
export function PasswordField({
  value,
  onChange,
  problem,
}: {
  value: string;
  onChange: (value: string) => void;
  problem: PasswordProblem;
}) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label className="field__label" htmlFor="room-password">
        {t('lobby.passwordLabel')}
      </label>
      <input
        id="room-password"
        className="input"
        type="password"
        data-testid="password-input"
        value={value}
        maxLength={256}
        autoComplete="off"
        autoFocus={problem !== null}
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
          {t('lobby.passwordHint')}
        </p>
      )}
    </div>
  );
}
