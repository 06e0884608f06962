import { useId, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.js';

export interface DevicePickerProps {
  label: string;
  devices: MediaDeviceInfo[];
  value: string | undefined;
  onChange: (deviceId: string) => void;
  testId: string;
  disabled?: boolean;
  /**
   * `starting`: the browser has not listed devices yet (Firefox lists none before access is
   * granted); `blocked`: access was refused. Either way there is nothing to pick, and the picker
   * says why instead of "No device found". `system-default`: the browser lists no outputs (Chromium
   * lists none while the microphone is blocked), yet sound plays on the system's default one.
   */
  status?: 'starting' | 'blocked' | 'system-default' | null;
  /** Beside the list: the microphone's level, the speaker's test sound. */
  extra?: ReactNode;
}

export function DevicePicker({ label, devices: listed, value, onChange, testId, disabled, status = null, extra }: DevicePickerProps) {
  const { t } = useI18n();
  const id = useId();
  // A refused page sees devices without ids or names: nothing it could pick.
  const devices = status === null ? listed : [];
  const known = devices.some((device) => device.deviceId === value);
  const empty =
    status === 'blocked'
      ? t('devices.blocked')
      : status === 'starting'
        ? t('devices.starting')
        : status === 'system-default'
          ? t('devices.systemDefault')
          : t('devices.none');
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="field__row">
        <select
          id={id}
          className="input"
          data-testid={testId}
          value={known ? value : (devices[0]?.deviceId ?? '')}
          disabled={disabled || devices.length === 0}
          onChange={(event) => onChange(event.target.value)}
        >
          {devices.length === 0 ? <option value="">{empty}</option> : null}
          {devices.map((device, index) => (
            <option key={device.deviceId} value={device.deviceId}>
              {device.label || t('devices.unnamed', { kind: label, n: index + 1 })}
            </option>
          ))}
        </select>
        {extra}
      </div>
    </div>
  );
}
