import { useState, type FormEvent } from 'react';
import { createRoom } from '../api.js';
import { AppShell } from '../components/AppShell.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { parseMeetingInput } from '../meetingInput.js';
import { navigate, roomPath } from '../routes.js';
import { rememberCreated } from '../session.js';

export function Home() {
  const { t } = useI18n();
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState(false);
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<'empty' | 'invalid' | null>(null);

  const startMeeting = async () => {
    setCreating(true);
    setCreateError(false);
    try {
      const roomId = await createRoom();
      rememberCreated(roomId);
      navigate(roomPath(roomId));
    } catch (error) {
      console.warn('[parley] could not create a room', error);
      setCreateError(true);
      setCreating(false);
    }
  };

  const join = (event: FormEvent) => {
    event.preventDefault();
    const result = parseMeetingInput(input);
    if (!result.ok) {
      setInputError(result.reason);
      return;
    }
    navigate(roomPath(result.roomId));
  };

  return (
    <AppShell>
      <section className="home">
        <h1 className="home__title">{t('app.name')}</h1>
        <p className="home__tagline">{t('app.tagline')}</p>

        <button
          type="button"
          className="button button--primary button--large"
          data-testid="new-meeting-button"
          onClick={() => void startMeeting()}
          disabled={creating}
        >
          {creating ? t('home.creating') : t('home.newMeeting')}
        </button>
        {createError ? (
          <p className="form-error" role="alert">
            {t('home.createFailed')}
          </p>
        ) : null}

        <div className="divider">
          <span>{t('home.or')}</span>
        </div>

        <form className="join-form" onSubmit={join} noValidate>
          <label className="visually-hidden" htmlFor="meeting-input">
            {t('home.joinLabel')}
          </label>
          <input
            id="meeting-input"
            className="input"
            data-testid="meeting-input"
            value={input}
            placeholder={t('home.joinPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={inputError !== null}
            aria-describedby={inputError ? 'meeting-input-error' : undefined}
            onChange={(event) => {
              setInput(event.target.value);
              setInputError(null);
            }}
          />
          <button type="submit" className="button" data-testid="home-join-button">
            {t('home.join')}
          </button>
        </form>
        {inputError ? (
          <p id="meeting-input-error" className="form-error" role="alert" data-testid="meeting-input-error">
            {inputError === 'empty' ? t('home.emptyInput') : t('home.invalidInput')}
          </p>
        ) : null}
      </section>
    </AppShell>
  );
}
