import type { LocalMediaState } from '../hooks/useLocalMedia.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { CameraIcon, CameraOffIcon, MicIcon, MicOffIcon } from './icons.js';
import { ToggleButton } from './ToggleButton.js';

/** The microphone and camera buttons, the same in the lobby and in the call. */
export function MediaToggles({ local, ready = true }: { local: LocalMediaState; ready?: boolean }) {
  const { t } = useI18n();
  // A blocked input's button asks the browser again (as Try again does): once the person allowed
  // it in the site settings it starts; otherwise the warning says again what to do.
  const { blocked } = local;
  return (
    <>
      <ToggleButton
        on={local.micEnabled}
        onToggle={() => (blocked.has('microphone') ? local.retry() : local.setMicEnabled(!local.micEnabled))}
        iconOn={<MicIcon />}
        iconOff={<MicOffIcon />}
        actionLabel={blocked.has('microphone') ? t('controls.blocked') : local.micEnabled ? t('controls.micOn') : t('controls.micOff')}
        caption={t('controls.mic')}
        testId="mic-toggle"
        disabled={!ready || (local.media.audioTrack === null && !blocked.has('microphone'))}
      />
      <ToggleButton
        on={local.cameraEnabled}
        onToggle={() => (blocked.has('camera') ? local.retry() : void local.setCameraEnabled(!local.cameraEnabled))}
        iconOn={<CameraIcon />}
        iconOff={<CameraOffIcon />}
        actionLabel={blocked.has('camera') ? t('controls.blocked') : local.cameraEnabled ? t('controls.cameraOn') : t('controls.cameraOff')}
        caption={t('controls.camera')}
        testId="camera-toggle"
        disabled={!ready}
      />
    </>
  );
}
