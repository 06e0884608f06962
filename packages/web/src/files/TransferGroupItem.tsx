import { memo } from 'react';
import { MEMORY_STORAGE_LIMIT, type Room, type Transfer } from '@parley/client';
import type { MessageKey } from '../i18n/en.js';
import { useI18n, type Translate } from '../i18n/I18nProvider.js';
import { formatBytes, formatDuration } from './format.js';
import { transferData, transferTestId } from './groupTransfers.js';
import { TransferHeader } from './TransferHeader.js';
import { useTransferUpdates } from './useTransfers.js';

/**
 * One file offered to several people: one card with the file, a bar for the whole delivery and a
 * line per recipient, instead of a card per recipient (which left the chat a few lines).
 */
export const TransferGroupItem = memo(function TransferGroupItem({ room, transfers }: { room: Room; transfers: readonly Transfer[] }) {
  useTransferUpdates(room, transfers);
  const { t, lang } = useI18n();
  const first = transfers[0]!;
  const delivered = transfers.filter((transfer) => transfer.state === 'done').length;
  // The bar counts only deliveries still wanted: a decline does not leave it stuck short of full.
  const wanted = transfers.filter((transfer) => transfer.state === 'done' || !transfer.final);
  const total = wanted.reduce((sum, transfer) => sum + transfer.size, 0);
  const moved = wanted.reduce((sum, transfer) => sum + transfer.bytes, 0);
  const active = transfers.filter((transfer) => !transfer.final);
  return (
    <li className="transfer transfer--group" data-testid="file-group" data-recipients={transfers.length} data-file-name={first.name}>
      <TransferHeader transfer={first} detail={t('files.toPeople', { n: transfers.length })} />
      {active.length > 0 ? <progress className="transfer__bar" max={total || 1} value={total ? moved : 0} aria-label={first.name} /> : null}
      <div className="transfer__status">
        <span data-testid="file-group-summary">{t('files.deliveredOf', { done: delivered, n: transfers.length })}</span>
        {active.length > 1 ? (
          <button
            type="button"
            className="link-button"
            data-testid="file-cancel-all"
            onClick={() => {
              for (const transfer of active) room.files.cancel(transfer.id);
            }}
          >
            {t('files.cancelAll')}
          </button>
        ) : null}
      </div>
      <ul className="transfer__recipients">
        {transfers.map((transfer) => (
          <li key={transfer.id} className="transfer__recipient" data-testid={transferTestId(transfer)} {...transferData(transfer)}>
            <span className="transfer__who">{transfer.peerName}</span>
            <span className={`transfer__line transfer__line--${tone(transfer)}`}>
              {recipientStatus(transfer, t, (n) => formatBytes(n, lang))}
            </span>
            {transfer.final ? null : (
              <button type="button" className="link-button" data-testid="file-cancel" onClick={() => room.files.cancel(transfer.id)}>
                {t('files.cancel')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </li>
  );
});

function tone(transfer: Transfer): 'ok' | 'bad' | 'neutral' {
  if (transfer.state === 'done') return 'ok';
  return transfer.final ? 'bad' : 'neutral';
}

/** One recipient's state in a few words (their name is beside it). */
function recipientStatus(transfer: Transfer, t: Translate, bytes: (n: number) => string): string {
  switch (transfer.state) {
    case 'offered':
      return t('files.line.offered');
    case 'waiting':
      return t('files.queued');
    case 'transferring': {
      const eta = transfer.etaSeconds;
      const progress = t('files.progress', { done: bytes(transfer.bytes), total: bytes(transfer.size) });
      return transfer.rate > 0 && eta !== null
        ? `${progress} · ${t('files.speed', { rate: bytes(transfer.rate), eta: formatDuration(eta) })}`
        : progress;
    }
    case 'interrupted':
      return t('files.line.interrupted');
    case 'verifying':
      return t('files.verifying');
    case 'done':
      return t('files.line.done');
    case 'declined':
      return t('files.line.declined');
    case 'cancelled':
      if (transfer.problem === 'peer-gone') return t('files.line.gone');
      if (transfer.problem === 'expired') return t('files.line.expired');
      return t('files.cancelled');
    case 'failed':
      return t(`files.failed.${transfer.problem ?? 'protocol'}` as MessageKey, {
        name: transfer.peerName,
        limit: bytes(MEMORY_STORAGE_LIMIT),
      });
  }
}
