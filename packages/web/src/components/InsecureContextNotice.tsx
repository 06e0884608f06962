import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.js';
import { WarningIcon } from './icons.js';

/** True on a plain http:// page at a network address: browsers withhold the camera there (W3C Secure Contexts). */
export function isInsecurePage(): boolean {
  return typeof window !== 'undefined' && window.isSecureContext === false && location.protocol === 'http:';
}

/**
 * Explains why the camera and microphone are blocked on an http:// page opened at a network
 * address (not localhost), and links to the same page over https: the server's announced secure
 * URL when it has one, otherwise this address with https.
 */
export function InsecureContextNotice() {
  const { t } = useI18n();
  const [insecure] = useState(isInsecurePage);
  const [httpsUrl, setHttpsUrl] = useState<string | null>(null);

  useEffect(() => {
    if (!insecure) return;
    const controller = new AbortController();
    fetch('/api/server-info', { signal: controller.signal, headers: { accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : null))
      .then((body: unknown) => {
        const url = (body as { httpsUrl?: unknown } | null)?.httpsUrl;
        if (typeof url === 'string' && url.startsWith('https://')) setHttpsUrl(url);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [insecure]);

  if (!insecure) return null;
  const here = `${location.pathname}${location.search}${location.hash}`;
  const target = httpsUrl ? new URL(here, httpsUrl).toString() : `https://${location.host}${here}`;
  return (
    <div className="notice notice--warning" role="alert" data-testid="insecure-context" style={{ margin: '12px 16px 0' }}>
      <WarningIcon />
      <div className="notice__body">
        <strong>{t('insecure.title')}</strong>
        <span>{t('insecure.body', { host: location.host })}</span>
        <div className="notice__actions">
          <a className="button button--small" href={target} data-testid="secure-link">
            {t('insecure.open')}
          </a>
        </div>
        <span>{t('insecure.admin')}</span>
      </div>
    </div>
  );
}
