import { isParleyError, ParleyError } from '@parley/client';
import type { MessageKey } from './en.js';
import type { Translate } from './translate.js';

/**
 * The client's messages are English; these put a ParleyError into the chosen
 * language by its code, keeping the English message as the detail of last resort.
 */
export function describeJoinError(error: unknown, t: Translate): string {
  if (!isParleyError(error)) {
    return t('error.unknown', { detail: error instanceof Error ? error.message : String(error) });
  }
  switch (error.code) {
    case 'room-full': {
      const max = error.details.max;
      return typeof max === 'number' ? t('error.room-full', { count: `${max}/${max}` }) : t('error.room-full-plain');
    }
    case 'invalid-message':
      return t('error.invalid-message', { detail: error.message });
    case 'invalid-room-id':
    case 'signaling-unavailable':
    case 'timeout':
    case 'already-joined':
    case 'server-error':
    case 'password-required':
    case 'wrong-password':
    case 'room-locked':
    case 'knock-denied':
    case 'removed':
    case 'token-required':
    case 'token-invalid':
    case 'forbidden':
    case 'breakout-closed':
    case 'too-many-rooms':
    case 'too-many-connections':
    case 'rate-limited':
    case 'server-shutdown':
    case 'e2ee-unsupported':
      return t(`error.${error.code}`);
    default:
      return t('error.unknown', { detail: error.message });
  }
}

const MEDIA_KEYS: Partial<Record<ParleyError['code'], MessageKey>> = {
  'media-permission-denied': 'media.media-permission-denied',
  'media-not-found': 'media.media-not-found',
  'media-in-use': 'media.media-in-use',
  'media-overconstrained': 'media.media-overconstrained',
  'media-insecure-context': 'media.media-insecure-context',
  'media-unsupported': 'media.media-unsupported',
  'media-unknown': 'media.media-unknown',
};

/** A media warning with what to do about it, naming the device when the error says which. */
export function describeMediaWarning(warning: ParleyError, t: Translate): string {
  const key = MEDIA_KEYS[warning.code];
  if (!key) return warning.message;
  const role = warning.details['device'];
  const device = role === 'camera' ? t('media.camera') : role === 'microphone' ? t('media.microphone') : t('media.both');
  // "No camera or microphone found" reads better than "no camera and microphone".
  const deviceLower = role === 'camera' || role === 'microphone' ? device.toLowerCase() : t('media.either');
  return t(key, { device, deviceLower });
}

/** Same warning twice (camera and mic both blocked) reads as one sentence about both. */
export function mergeMediaWarnings(warnings: readonly ParleyError[]): ParleyError[] {
  const byCode = new Map<string, ParleyError>();
  for (const warning of warnings) {
    const seen = byCode.get(warning.code);
    if (!seen) byCode.set(warning.code, warning);
    else if (seen.details['device'] !== warning.details['device']) {
      byCode.set(warning.code, withoutDevice(seen));
    }
  }
  return [...byCode.values()];
}

function withoutDevice(warning: ParleyError): ParleyError {
  const { device: _device, ...details } = warning.details;
  return new ParleyError(warning.code, warning.message, { details });
}
