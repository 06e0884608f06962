import { useEffect, useRef, useState, type FormEvent } from 'react';
import { MAX_CHAT_CHARS, type ChatMessage, type Room } from '@parley/client';
import type { ParticipantView } from '../room/CallStore.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { TransferItem } from '../files/TransferItem.js';
import { groupTransfers } from '../files/groupTransfers.js';
import { TransferGroupItem } from '../files/TransferGroupItem.js';
import { useTransfers } from '../files/useTransfers.js';
import { Linkified } from './Linkified.js';
import type { ChatPanelState } from './useChatPanel.js';
import { ChatIcon } from '../components/icons.js';
import { usePanelFocus } from '../hooks/usePanelFocus.js';
import './chat.css';

/** Chat messages as React state (the SDK keeps the ordered, de-duplicated log). */
function useChatMessages(room: Room): readonly ChatMessage[] {
  const [messages, setMessages] = useState<readonly ChatMessage[]>(() => [...room.chat.messages]);
  useEffect(() => {
    const sync = () => setMessages([...room.chat.messages]);
    room.chat.on('message', sync);
    sync();
    return () => {
      room.chat.off('message', sync);
    };
  }, [room]);
  return messages;
}

/**
 * The side panel: chat with everyone, file offers and transfers, a composer with a file picker.
 * Everything a participant typed (messages, names, file names) is rendered as text nodes; only
 * full http(s) URLs become links (see linkify.ts).
 */
export function ChatPanel({ room, panel, participants }: { room: Room; panel: ChatPanelState; participants: readonly ParticipantView[] }) {
  const { t, lang } = useI18n();
  const messages = useChatMessages(room);
  const transfers = useTransfers(room);
  const [draft, setDraft] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const aside = useRef<HTMLElement>(null);
  const input = useRef<HTMLInputElement>(null);
  usePanelFocus(aside, panel.close, input);
  const time = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });

  useEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [messages.length]);

  const send = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    room.chat.send(text);
    setDraft('');
  };

  const targetGone = panel.target !== '' && !participants.some((p) => p.id === panel.target);
  return (
    <aside className="side" data-testid="chat-panel" aria-label={t('chat.title')} ref={aside} tabIndex={-1}>
      <header className="side__head">
        <h2 className="side__title">{t('chat.title')}</h2>
        <button
          type="button"
          className="side__close"
          data-testid="chat-close"
          aria-label={t('chat.close')}
          title={t('chat.close')}
          onClick={panel.close}
        >
          ×
        </button>
      </header>

      <ol className="chat__list" ref={list} aria-live="polite">
        {messages.length === 0 ? <li className="chat__empty">{t('chat.empty')}</li> : null}
        {messages.map((m) => (
          <li
            key={m.id}
            className={m.mine ? 'chat__message chat__message--mine' : 'chat__message'}
            data-testid="chat-message"
            data-message-id={m.id}
            data-from={m.from}
            data-seq={m.seq}
            data-history={m.fromHistory ? 'true' : 'false'}
          >
            <div className="chat__meta">
              <span className="chat__name">{m.mine ? t('chat.you') : m.name}</span>
              {m.relayedBy ? (
                <span className="chat__relayed" data-testid="chat-relayed-by">
                  {t('chat.relayedBy', { name: m.relayedBy.name })}
                </span>
              ) : null}
              <time className="chat__time" dateTime={new Date(m.ts).toISOString()} title={m.fromHistory ? t('chat.history') : undefined}>
                {time.format(m.ts)}
              </time>
            </div>
            <p className="chat__text" data-testid="chat-text">
              <Linkified text={m.text} />
            </p>
          </li>
        ))}
      </ol>

      {transfers.length > 0 ? (
        <ul className="transfers" data-testid="file-list" aria-label={t('files.attach')}>
          {groupTransfers(transfers).map(({ key, transfers: group }) =>
            group.length === 1 ? (
              <TransferItem key={key} room={room} transfer={group[0]!} />
            ) : (
              <TransferGroupItem key={key} room={room} transfers={group} />
            ),
          )}
        </ul>
      ) : null}

      <div className="files-bar">
        <label className="files-bar__to">
          <span>{t('files.to')}</span>
          <select data-testid="file-target" value={targetGone ? '' : panel.target} onChange={(e) => panel.setTarget(e.target.value)}>
            <option value="">{t('files.everyone')}</option>
            {participants.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button--small"
          data-testid="file-pick"
          disabled={participants.length === 0}
          title={participants.length === 0 ? t('files.nobody') : t('files.private')}
          onClick={() => fileInput.current?.click()}
        >
          {t('files.attach')}
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          onChange={(e) => {
            if (e.target.files) panel.sendFiles(e.target.files);
            e.target.value = '';
          }}
        />
      </div>

      <form className="composer" onSubmit={send}>
        <input
          className="composer__input"
          ref={input}
          data-testid="chat-input"
          aria-label={t('chat.placeholder')}
          placeholder={t('chat.placeholder')}
          value={draft}
          maxLength={MAX_CHAT_CHARS}
          autoComplete="off"
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="button button--primary button--small" data-testid="chat-send" disabled={draft.trim().length === 0}>
          {t('chat.send')}
        </button>
      </form>
      {panel.dragging ? <div className="side__drop">{t('files.drop')}</div> : null}
    </aside>
  );
}

/** The control-bar button that opens the panel, with the unread badge. */
export function ChatToggle({ panel }: { panel: ChatPanelState }) {
  const { t } = useI18n();
  return (
    <button
      type="button"
      className="control control--badged"
      data-testid="chat-toggle"
      aria-pressed={panel.open}
      title={t('chat.open')}
      onClick={panel.toggle}
    >
      <ChatIcon />
      {panel.unread > 0 ? (
        <span className="control__badge" data-testid="chat-unread" aria-hidden="true">
          {panel.unread > 99 ? '99+' : panel.unread}
        </span>
      ) : null}
      {/* Named "Chat", then what is new: the caption a person sees comes first (WCAG 2.5.3). */}
      <span className="control__caption">{t('chat.toggle')}</span>
      {panel.unread > 0 ? <span className="visually-hidden">, {t('chat.unread', { n: panel.unread })}</span> : null}
    </button>
  );
}
