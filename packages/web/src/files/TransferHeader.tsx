import type { Transfer } from '@parley/client';
import { useI18n } from '../i18n/I18nProvider.js';
import { FileIcon } from '../components/icons.js';
import { formatBytes } from './format.js';

/** A file's icon, name, size and type, and who it is from or for (`detail`). */
export function TransferHeader({ transfer, detail }: { transfer: Transfer; detail: string }) {
  const { t, lang } = useI18n();
  return (
    <div className="transfer__head">
      <FileIcon />
      <div className="transfer__meta">
        <span className="transfer__name" title={transfer.name}>
          {transfer.name}
        </span>
        <span className="transfer__sub">
          {formatBytes(transfer.size, lang)} · {transfer.type || t('files.unknownType')} · {detail}
        </span>
      </div>
    </div>
  );
}
