import { memo, useEffect, useState } from 'react';
import { MEMORY_STORAGE_LIMIT, type Room, type Transfer } from '@parley/client';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { formatBytes, formatDuration } from './format.js';
import { transferData } from './groupTransfers.js';
import { TransferHeader } from './TransferHeader.js';
import { useTransferUpdates } from './useTransfers.js';

/**
 * One transfer: the offer (name, size and type shown before accepting), then progress with speed
 * and time left on both sides, then the verified file. Names are sanitised by the SDK and rendered
 * as text only. It re-renders on its own transfer's updates only (memo: the panel's re-renders
 * for chat messages pass the same room and transfer).
 */
export const TransferItem = memo(function TransferItem({ room, transfer }: { room: Room; transfer: Transfer }) {
  useTransferUpdates(room, [transfer]);
  const { t, lang } = useI18n();
  const bytes = (n: number) => formatBytes(n, lang);
  const incoming = transfer.direction === 'incoming';
  const who = { name: transfer.peerName };
  const common = transferData(transfer);
  const header = <TransferHeader transfer={transfer} detail={t(incoming ? 'files.offerFrom' : 'files.offerTo', who)} />;
  const cancel = (
    <button type="button" className="link-button" data-testid="file-cancel" onClick={() => room.files.cancel(transfer.id)}>
      {t('files.cancel')}
    </button>
  );

  if (transfer.state === 'offered' && incoming) {
    return (
      <li className="transfer transfer--offer" data-testid="file-offer" {...common}>
        {header}
        <div className="transfer__actions">
          <button
            type="button"
            className="button button--primary button--small"
            data-testid="file-accept"
            onClick={() => void room.files.accept(transfer.id)}
          >
            {t('files.accept')}
          </button>
          <button type="button" className="button button--small" data-testid="file-decline" onClick={() => room.files.decline(transfer.id)}>
            {t('files.decline')}
          </button>
        </div>
      </li>
    );
  }

  if (transfer.state === 'done') {
    return (
      <li className="transfer transfer--done" data-testid="file-done" {...common} data-sha256={transfer.sha256 ?? ''}>
        {header}
        <div className="transfer__status transfer__status--ok">
          <span>{incoming ? t('files.received') : t('files.sent', who)}</span>
          {incoming && transfer.file ? <SaveLink file={transfer.file} name={transfer.name} label={t('files.save')} /> : null}
        </div>
      </li>
    );
  }

  if (transfer.final) {
    const key: MessageKey =
      transfer.state === 'declined'
        ? incoming
          ? 'files.declinedByYou' // the receiver declines: on the receiver's screen, that is you
          : 'files.declined'
        : transfer.state === 'cancelled' && !transfer.problem
          ? 'files.cancelled'
          : (`files.failed.${transfer.problem ?? 'protocol'}` as MessageKey);
    return (
      <li className="transfer transfer--ended" data-testid="file-ended" {...common} data-problem={transfer.problem ?? ''}>
        {header}
        <div className="transfer__status transfer__status--bad" role={transfer.state === 'failed' ? 'alert' : undefined}>
          {t(key, { ...who, limit: bytes(room.files.storage.maxBytes ?? MEMORY_STORAGE_LIMIT) })}
        </div>
      </li>
    );
  }

  // offered (outgoing), waiting, transferring, interrupted, verifying
  let status: string;
  if (transfer.state === 'offered') status = t('files.waitingAccept', who);
  else if (transfer.state === 'waiting') status = t('files.queued');
  else if (transfer.state === 'interrupted') status = t('files.interrupted', { ...who, done: bytes(transfer.bytes) });
  else if (transfer.state === 'verifying') status = t('files.verifying');
  else {
    const eta = transfer.etaSeconds;
    status = t('files.progress', { done: bytes(transfer.bytes), total: bytes(transfer.size) });
    if (transfer.rate > 0 && eta !== null) status += ` · ${t('files.speed', { rate: bytes(transfer.rate), eta: formatDuration(eta) })}`;
  }
  if (transfer.resumes > 0 && transfer.state !== 'interrupted') status += ` · ${t('files.resumed')}`;
  const showBar = transfer.state !== 'offered';
  return (
    <li className="transfer" data-testid={showBar ? 'file-progress' : 'file-pending'} {...common}>
      {header}
      {showBar ? (
        <progress
          className="transfer__bar"
          max={transfer.size || 1}
          value={transfer.size ? transfer.bytes : 1}
          aria-label={transfer.name}
        />
      ) : null}
      <div className="transfer__status" aria-live="off">
        <span>{status}</span>
        {cancel}
      </div>
    </li>
  );
});

/** A download of the verified file: a blob: URL of the disk-backed File (no copy in memory). */
function SaveLink({ file, name, label }: { file: Blob; name: string; label: string }) {
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    const url = URL.createObjectURL(file);
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);
  if (!href) return null;
  return (
    <a className="button button--primary button--small" data-testid="file-save" href={href} download={name}>
      {label}
    </a>
  );
}
