import { useEffect, useRef, useState } from 'react';
import { copyText } from '../clipboard.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { roomPath } from '../routes.js';
import { ControlButton } from './ControlButton.js';
import { LinkIcon } from './icons.js';

/** Copies the invite link and confirms in a toast (announced to screen readers). */
export function CopyLinkButton({ roomId }: { roomId: string }) {
  const { t } = useI18n();
  const [toast, setToast] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    const link = location.origin + roomPath(roomId);
    const copied = await copyText(link);
    setToast(copied ? t('controls.linkCopied') : t('controls.copyFailed', { link }));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setToast(null), copied ? 2500 : 10000);
  };

  return (
    <>
      <ControlButton
        icon={<LinkIcon />}
        caption={t('controls.copyShort')}
        title={t('controls.copyLink')}
        testId="copy-link-button"
        onClick={() => void copy()}
      />
      <div className="toast-region" role="status" aria-live="polite">
        {toast ? (
          <div className="toast" data-testid="copy-link-toast">
            {toast}
          </div>
        ) : null}
      </div>
    </>
  );
}
