import { useDevices } from '../hooks/useDevices.js';
import type { LocalMediaState } from '../hooks/useLocalMedia.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { DevicePicker } from './DevicePicker.js';
import { MicLevel } from './MicLevel.js';
import { NoiseSuppressionToggle } from '../noise/NoiseSuppressionToggle.js';
import { BackgroundSelect } from '../background/BackgroundSelect.js';
import { SpeakerTest } from './SpeakerTest.js';

/**
 * Microphone, camera and speaker pickers, with the microphone's level, a test sound for the
 * speaker, the noise suppression switch and the background effect: in the lobby and in the call. Switching an input in the
 * call replaces the track on every connection (RTCRtpSender.replaceTrack: no renegotiation); the
 * choice is remembered for the next visit.
 */
export function DeviceSettings({ local, disabled = false }: { local: LocalMediaState; disabled?: boolean }) {
  const { t } = useI18n();
  const devices = useDevices(local.revision);
  const { blocked } = local;
  const starting = local.ready ? null : ('starting' as const);
  const pickers = [
    {
      kind: 'audioinput',
      label: t('devices.mic'),
      value: local.audioDeviceId,
      testId: 'mic-select',
      status: blocked.has('microphone') ? ('blocked' as const) : starting,
      choose: (id: string) => void local.chooseDevice('audioinput', id),
      extra: <MicLevel local={local} />,
    },
    {
      kind: 'videoinput',
      label: t('devices.camera'),
      value: local.videoDeviceId,
      testId: 'camera-select',
      status: blocked.has('camera') ? ('blocked' as const) : starting,
      choose: (id: string) => void local.chooseDevice('videoinput', id),
      extra: null,
    },
    {
      kind: 'audiooutput',
      label: t('devices.speaker'),
      value: local.audioOutputId,
      testId: 'speaker-select',
      status: starting ?? (devices.audiooutput.length === 0 ? ('system-default' as const) : null),
      choose: local.chooseOutput,
      extra: <SpeakerTest outputId={local.audioOutputId} />,
    },
  ] as const;
  return (
    <>
      {pickers.map((picker) => (
        <DevicePicker
          key={picker.kind}
          label={picker.label}
          devices={devices[picker.kind]}
          value={picker.value}
          onChange={picker.choose}
          testId={picker.testId}
          status={picker.status}
          disabled={disabled}
          extra={picker.extra}
        />
      ))}
      <NoiseSuppressionToggle state={local.noiseSuppression} disabled={disabled} />
      <BackgroundSelect state={local.background} disabled={disabled} />
    </>
  );
}
