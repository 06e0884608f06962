import { useEffect, useState } from 'react';
import type { Room } from '@parley/client';
import { useI18n } from '../i18n/I18nProvider.js';

/** A long message is read up to here; the chat has the rest. */
const SPOKEN_CHARS = 140;

/**
 * With the chat closed, a new message from someone else is said to screen readers ("Bob says:
 * …") through a polite live region; with it open, its list is the live region. History a late
 * joiner receives is not read out.
 */
export function ChatAnnouncer({ room, chatOpen }: { room: Room; chatOpen: boolean }) {
  const { t } = useI18n();
  const [said, setSaid] = useState<{ key: string; text: string } | null>(null);
  useEffect(() => {
    if (chatOpen) {
      setSaid(null);
      return;
    }
    return room.chat.listen({
      message: (message) => {
        if (message.mine || message.fromHistory) return;
        const text = message.text.length > SPOKEN_CHARS ? `${message.text.slice(0, SPOKEN_CHARS)}…` : message.text;
        setSaid({ key: message.id, text: t('chat.says', { name: message.name, text }) });
      },
    });
  }, [room, chatOpen, t]);
  return (
    <div role="status" className="visually-hidden" data-testid="chat-announcement">
      {said ? <p key={said.key}>{said.text}</p> : null}
    </div>
  );
}
