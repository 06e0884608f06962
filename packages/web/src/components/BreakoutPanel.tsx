import { useState, type FormEvent } from 'react';
import { MAX_BREAKOUT_ROOMS, shuffleIntoRooms, type Breakouts, type Room } from '@parley/client';
import { useI18n } from '../i18n/I18nProvider.js';
import { formatClock, useCountdown } from '../hooks/useCountdown.js';
import './breakouts.css';

/** Timers the host picks from, in minutes (null: no timer). */
const MINUTE_CHOICES = [null, 5, 10, 15, 30, 60] as const;
/** A person's room in the plan: its index, or MAIN to stay in the main room. */
const MAIN = -1;

/**
 * A room's members by name, in the reader's alphabetical order: the server lists them in the
 * order they arrived, which differs from one opening to the next.
 */
function namesInOrder(members: readonly { name: string }[], lang: string): string {
  const collator = new Intl.Collator(lang);
  return members
    .map((member) => member.name)
    .sort(collator.compare)
    .join(', ');
}

/**
 * The host's breakout rooms, in the participants panel of the main room: how many rooms, the
 * timer, who goes where (by hand, or shuffled), then Open; once open, who is where, the time left,
 * a message to every room, and "Bring everyone back". The host stays in the main room.
 */
export function BreakoutPanel({
  room,
  people,
  breakouts,
  run,
}: {
  room: Room;
  /** Everyone the host may send (not the host). */
  people: readonly { id: string; name: string }[];
  breakouts: Breakouts | null;
  run: (action: () => Promise<void>) => Promise<void>;
}) {
  const { t, lang } = useI18n();
  const [expanded, setExpanded] = useState(false);
  const [count, setCount] = useState(2);
  const [minutes, setMinutes] = useState<number | null>(15);
  const [plan, setPlan] = useState<Readonly<Record<string, number>>>({});
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const left = useCountdown(breakouts?.endsAt ?? null);
  const roomName = (index: number) => t('breakout.roomName', { n: index + 1 });

  const shuffle = (rooms = count) => {
    const shuffled = shuffleIntoRooms(
      people.map((person) => person.id),
      rooms,
      roomName,
    );
    setPlan(Object.fromEntries(shuffled.flatMap((planned, index) => planned.members.map((id) => [id, index]))));
  };
  const roomOf = (id: string) => {
    const index = plan[id] ?? MAIN;
    return index < count ? index : MAIN;
  };

  if (breakouts) {
    const send = (event: FormEvent) => {
      event.preventDefault();
      const text = message.trim();
      if (!text) return;
      void run(() => room.breakouts.broadcast(text)).then(() => setMessage(''));
    };
    return (
      <section className="breakouts" data-testid="breakouts-running" aria-label={t('breakout.title')}>
        <h3 className="breakouts__title">
          {t('breakout.title')}
          {left !== null ? <span className="breakouts__clock"> · {t('breakout.timeLeft', { time: formatClock(left) })}</span> : null}
        </h3>
        <ul className="breakouts__rooms">
          {breakouts.rooms.map((open) => (
            <li key={open.id} data-testid="breakout-room" data-name={open.name}>
              <strong>{open.name}</strong>: {open.members.length > 0 ? namesInOrder(open.members, lang) : t('breakout.nobody')}
            </li>
          ))}
        </ul>
        <form className="breakouts__message" onSubmit={send}>
          <label className="field">
            <span className="field__label">{t('breakout.message')}</span>
            <input
              className="input"
              data-testid="breakout-message-input"
              maxLength={500}
              value={message}
              onChange={(event) => setMessage(event.target.value)}
            />
          </label>
          <button type="submit" className="button button--small" data-testid="breakout-message-send" disabled={message.trim() === ''}>
            {t('breakout.send')}
          </button>
        </form>
        <button
          type="button"
          className="button button--primary"
          data-testid="breakout-close"
          onClick={() => void run(() => room.breakouts.close())}
        >
          {t('breakout.close')}
        </button>
      </section>
    );
  }

  if (!expanded) {
    return (
      <button
        type="button"
        className="button button--small breakouts__setup"
        data-testid="breakouts-setup"
        disabled={people.length === 0}
        onClick={() => {
          setExpanded(true);
          shuffle();
        }}
      >
        {t('breakout.setup')}
      </button>
    );
  }

  const open = () => {
    const rooms = Array.from({ length: count }, (_, index) => ({
      name: roomName(index),
      members: people.filter((person) => roomOf(person.id) === index).map((person) => person.id),
    }));
    if (rooms.every((planned) => planned.members.length === 0)) {
      setProblem(t('breakout.nobodySent'));
      return;
    }
    setProblem(null);
    void run(() => room.breakouts.open(rooms, { minutes }));
  };
  return (
    <section className="breakouts" data-testid="breakouts-setup-panel" aria-label={t('breakout.title')}>
      <h3 className="breakouts__title">{t('breakout.title')}</h3>
      <div className="breakouts__row">
        <label className="field">
          <span className="field__label">{t('breakout.count')}</span>
          <input
            className="input"
            type="number"
            data-testid="breakout-count"
            min={1}
            max={MAX_BREAKOUT_ROOMS}
            value={count}
            onChange={(event) => {
              const next = Math.min(MAX_BREAKOUT_ROOMS, Math.max(1, Math.round(Number(event.target.value) || 1)));
              setCount(next);
              shuffle(next);
            }}
          />
        </label>
        <label className="field">
          <span className="field__label">{t('breakout.minutes')}</span>
          <select
            className="input"
            data-testid="breakout-minutes"
            value={minutes ?? ''}
            onChange={(event) => setMinutes(event.target.value === '' ? null : Number(event.target.value))}
          >
            {MINUTE_CHOICES.map((choice) => (
              <option key={choice ?? 'none'} value={choice ?? ''}>
                {choice === null ? t('breakout.noTimer') : t('breakout.minutesN', { n: choice })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ul className="breakouts__people">
        {people.map((person) => (
          <li key={person.id} className="breakouts__person">
            <label className="breakouts__assign">
              <span className="breakouts__name">{person.name}</span>
              <select
                className="input"
                data-testid="breakout-assign"
                data-name={person.name}
                aria-label={t('breakout.assign', { name: person.name })}
                value={roomOf(person.id)}
                onChange={(event) => setPlan({ ...plan, [person.id]: Number(event.target.value) })}
              >
                <option value={MAIN}>{t('breakout.stay')}</option>
                {Array.from({ length: count }, (_, index) => (
                  <option key={index} value={index}>
                    {roomName(index)}
                  </option>
                ))}
              </select>
            </label>
          </li>
        ))}
      </ul>
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="breakouts__actions">
        <button type="button" className="button button--small" data-testid="breakout-shuffle" onClick={() => shuffle()}>
          {t('breakout.shuffle')}
        </button>
        <button type="button" className="button button--primary button--small" data-testid="breakout-open" onClick={open}>
          {t('breakout.open')}
        </button>
      </div>
    </section>
  );
}
