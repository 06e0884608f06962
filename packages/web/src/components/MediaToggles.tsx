import type { LocalMediaState } from '../hooks/useLocalMedia.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { CameraIcon, CameraOffIcon, MicIcon, MicOffIcon } from './icons.js';
import { ToggleButton } from './ToggleButton.js';

/** The microphone and camera buttons, the same in the lobby and in the call. */
export function MediaToggles({ local, ready = true }: { local: LocalMediaState; ready?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <ToggleButton
        on={local.micEnabled}
        onToggle={() => local.setMicEnabled(!local.micEnabled)}
        iconOn={<MicIcon />}
        iconOff={<MicOffIcon />}
        actionLabel={local.micEnabled ? t('controls.micOn') : t('controls.micOff')}
        caption={t('controls.mic')}
        testId="mic-toggle"
        disabled={!ready || local.media.audioTrack === null}
      />
      <ToggleButton
        on={local.cameraEnabled}
        onToggle={() => void local.setCameraEnabled(!local.cameraEnabled)}
        iconOn={<CameraIcon />}
        iconOff={<CameraOffIcon />}
        actionLabel={local.cameraEnabled ? t('controls.cameraOn') : t('controls.cameraOff')}
        caption={t('controls.camera')}
        testId="camera-toggle"
        disabled={!ready}
      />
    </>
  );
}
