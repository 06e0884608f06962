import { useId } from 'react';
import { useI18n } from '../i18n/I18nProvider.js';

export interface DevicePickerProps {
  label: string;
  devices: MediaDeviceInfo[];
  value: string | undefined;
  onChange: (deviceId: string) => void;
  testId: string;
  disabled?: boolean;
}

export function DevicePicker({ label, devices, value, onChange, testId, disabled }: DevicePickerProps) {
  const { t } = useI18n();
  const id = useId();
  const known = devices.some((device) => device.deviceId === value);
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="input"
        data-testid={testId}
        value={known ? value : (devices[0]?.deviceId ?? '')}
        disabled={disabled || devices.length === 0}
        onChange={(event) => onChange(event.target.value)}
      >
        {devices.length === 0 ? <option value="">{t('devices.none')}</option> : null}
        {devices.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label || t('devices.unnamed', { kind: label, n: index + 1 })}
          </option>
        ))}
      </select>
    </div>
  );
}
