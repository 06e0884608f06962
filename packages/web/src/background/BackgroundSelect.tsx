import { useId, useRef, type ChangeEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider.js';
import type { MessageKey } from '../i18n/en.js';
import type { BackgroundChoice } from './backgroundChoice.js';
import type { BlurStrength } from './backgroundProtocol.js';
import { BUILT_IN_BACKGROUNDS } from './builtInBackgrounds.js';
import type { BackgroundState } from './useBackground.js';
import './background.css';

const MODES: ReadonlyArray<[BackgroundChoice['mode'], MessageKey]> = [
  ['none', 'devices.backgroundNone'],
  ['blur', 'devices.backgroundBlur'],
  ['image', 'devices.backgroundImage'],
];
const STRENGTHS: ReadonlyArray<[BlurStrength, MessageKey]> = [
  ['light', 'devices.blurLight'],
  ['strong', 'devices.blurStrong'],
];
const IMAGE_NAMES: Record<(typeof BUILT_IN_BACKGROUNDS)[number], MessageKey> = {
  dusk: 'devices.backgroundDusk',
  meadow: 'devices.backgroundMeadow',
  studio: 'devices.backgroundStudio',
};

/**
 * "Background", under the camera picker in the lobby and in the call: none, blur (light or strong)
 * or an image (built in, or the person's own, which stays on the device). The self-view shows the
 * result, as others see it.
 */
export function BackgroundSelect({ state, disabled = false }: { state: BackgroundState; disabled?: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const { choice, status } = state;
  const choose = (change: Partial<BackgroundChoice>) => state.choose({ ...choice, ...change });
  const pickFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) state.useOwnImage(file);
    event.target.value = '';
  };
  const hint =
    status === 'too-slow'
      ? t('devices.backgroundTooSlow')
      : status === 'unavailable'
        ? t('devices.backgroundUnavailable')
        : status === 'starting'
          ? t('devices.backgroundStarting')
          : null;
  return (
    <div className="field background-select">
      <label className="field__label" htmlFor={id}>
        {t('devices.background')}
      </label>
      <select
        id={id}
        className="input"
        data-testid="background-select"
        data-status={status}
        value={choice.mode}
        disabled={disabled}
        onChange={(event) => choose({ mode: event.target.value as BackgroundChoice['mode'] })}
      >
        {MODES.map(([mode, label]) => (
          <option key={mode} value={mode}>
            {t(label)}
          </option>
        ))}
      </select>
      {choice.mode === 'blur' ? (
        <div className="background-select__options" role="group" aria-label={t('devices.backgroundBlur')}>
          {STRENGTHS.map(([strength, label]) => (
            <button
              key={strength}
              type="button"
              className="background-select__option"
              data-testid={`blur-${strength}`}
              aria-pressed={choice.strength === strength}
              disabled={disabled}
              onClick={() => choose({ strength })}
            >
              {t(label)}
            </button>
          ))}
        </div>
      ) : null}
      {choice.mode === 'image' ? (
        <div className="background-select__options" role="group" aria-label={t('devices.backgroundImage')}>
          {BUILT_IN_BACKGROUNDS.map((name) => (
            <button
              key={name}
              type="button"
              className={`background-select__option background-select__option--${name}`}
              data-testid={`background-image-${name}`}
              aria-pressed={choice.image === name}
              disabled={disabled}
              onClick={() => choose({ image: name })}
            >
              {t(IMAGE_NAMES[name])}
            </button>
          ))}
          {state.hasOwnImage ? (
            <button
              type="button"
              className="background-select__option"
              data-testid="background-image-own"
              aria-pressed={choice.image === 'own'}
              disabled={disabled}
              onClick={() => choose({ image: 'own' })}
            >
              {t('devices.backgroundOwn')}
            </button>
          ) : null}
          <button type="button" className="background-select__option" disabled={disabled} onClick={() => fileInput.current?.click()}>
            {t('devices.backgroundOwnPick')}
          </button>
          <input ref={fileInput} type="file" accept="image/*" hidden data-testid="background-own-image" onChange={pickFile} />
        </div>
      ) : null}
      {hint ? <p className="field__hint">{hint}</p> : null}
    </div>
  );
}
