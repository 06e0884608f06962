import { useEffect, useRef, useState } from 'react';
import { copyText } from '../clipboard.js';
import { usePanelFocus } from '../hooks/usePanelFocus.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { roomPath } from '../routes.js';
import { QrCode } from './QrCode.js';

/**
 * How to bring someone in: the link to copy, the phone's share sheet where there is one (Web
 * Share API), and a QR code a phone across the table can scan.
 */
export function InvitePanel({ roomId, onClose }: { roomId: string; onClose: () => void }) {
  const { t } = useI18n();
  const link = location.origin + roomPath(roomId);
  const [toast, setToast] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const panel = useRef<HTMLElement>(null);
  usePanelFocus(panel, onClose);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    const copied = await copyText(link);
    setToast(copied ? t('controls.linkCopied') : t('controls.copyFailed', { link }));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setToast(null), copied ? 2500 : 10000);
  };
  const canShare = typeof navigator.share === 'function';
  const share = () => {
    // Closing the share sheet rejects (AbortError): nothing to say then.
    navigator.share({ title: t('invite.shareTitle'), url: link }).catch(() => undefined);
  };

  return (
    <section className="card device-panel invite-panel" data-testid="invite-panel" aria-label={t('invite.title')} ref={panel} tabIndex={-1}>
      <h2 className="popover__title">{t('invite.title')}</h2>
      <QrCode text={link} label={t('invite.qr')} testId="invite-qr" />
      <input
        className="input"
        data-testid="invite-link"
        readOnly
        value={link}
        aria-label={t('invite.link')}
        onFocus={(e) => e.target.select()}
      />
      <div className="popover__actions">
        <button type="button" className="button button--primary" data-testid="copy-link-button" onClick={() => void copy()}>
          {t('controls.copyLink')}
        </button>
        {canShare ? (
          <button type="button" className="button" data-testid="share-link-button" onClick={share}>
            {t('invite.share')}
          </button>
        ) : null}
      </div>
      <div className="toast-region" role="status" aria-live="polite">
        {toast ? (
          <div className="toast" data-testid="copy-link-toast">
            {toast}
          </div>
        ) : null}
      </div>
    </section>
  );
}
