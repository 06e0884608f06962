import { useEffect, useState } from 'react';
import type { Room } from '@parley/client';
import { useI18n } from '../i18n/I18nProvider.js';
import { formatBytes } from './format.js';
import { useTransferUpdates, useTransfers } from './useTransfers.js';

/**
 * "Ada wants to send you report.pdf (2.1 MB) — Show": an offer waiting for you while the chat is
 * closed, where the badge alone reads like one more message. It sits in the page's flow above the
 * stage, so it covers no tile, and stays until you open the chat, dismiss it, or the offer ends.
 * What you have seen once (the chat was open) does not come back.
 */
export function FileOfferNotice({ room, chatOpen, onShow }: { room: Room; chatOpen: boolean; onShow: () => void }) {
  const { t, lang } = useI18n();
  const incoming = useTransfers(room).filter((transfer) => transfer.direction === 'incoming');
  useTransferUpdates(room, incoming);
  const [seen, setSeen] = useState<ReadonlySet<string>>(() => new Set());
  const markSeen = () => setSeen(new Set(room.files.transfers.map((transfer) => transfer.id)));
  // Offers that arrive while the chat is open are seen there too.
  useEffect(() => {
    if (chatOpen) setSeen(new Set(room.files.transfers.map((transfer) => transfer.id)));
  }, [chatOpen, room, incoming.length]);

  const waiting = chatOpen ? [] : incoming.filter((transfer) => transfer.state === 'offered' && !seen.has(transfer.id));
  const first = waiting[0];
  let text = '';
  if (first && waiting.length === 1)
    text = t('files.incoming', { name: first.peerName, file: first.name, size: formatBytes(first.size, lang) });
  else if (first && waiting.every((transfer) => transfer.peerId === first.peerId))
    text = t('files.incomingMany', { name: first.peerName, n: waiting.length });
  else if (first) text = t('files.incomingSeveral', { n: waiting.length });

  return (
    <div role="status" className="call__live">
      {first ? (
        <div className="notice notice--info" data-testid="file-offer-notice">
          <span className="notice__text">{text}</span>
          <div className="notice__actions">
            <button type="button" className="button button--primary button--small" data-testid="file-offer-show" onClick={onShow}>
              {t('files.show')}
            </button>
            <button type="button" className="button button--small button--ghost" data-testid="file-offer-dismiss" onClick={markSeen}>
              {t('media.dismiss')}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
