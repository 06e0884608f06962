import type { LocalMediaState } from '../hooks/useLocalMedia.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { WarningIcon } from './icons.js';

/** "Your camera was disconnected; now using …": a device that went away mid-call, and what replaced it. */
export function DeviceNotices({ local }: { local: LocalMediaState }) {
  const { t } = useI18n();
  if (local.deviceNotices.length === 0) return null;
  return (
    <div className="notice notice--warning" role="alert" data-testid="device-notice">
      <WarningIcon />
      <div className="notice__body">
        <ul className="notice__list">
          {local.deviceNotices.map((notice) => {
            const device = notice.kind === 'audioinput' ? t('media.microphone') : t('media.camera');
            return (
              <li key={notice.id}>
                {notice.replacement
                  ? t('devices.lostReplaced', { device, replacement: notice.replacement })
                  : t('devices.lostNone', { device })}{' '}
                <button type="button" className="button button--small button--ghost" onClick={() => local.dismissDeviceNotice(notice.id)}>
                  {t('media.dismiss')}
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
