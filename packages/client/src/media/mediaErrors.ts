import { ParleyError } from '@parley/protocol';

export type MediaDeviceRole = 'camera' | 'microphone';

/**
 * Turns a getUserMedia rejection into an error a person can act on.
 * Error names are those of W3C Media Capture and Streams §9.2 / §10.
 */
export function mediaError(error: unknown, device: MediaDeviceRole): ParleyError {
  const name = error instanceof Error || isDomExceptionLike(error) ? error.name : '';
  const Device = device === 'camera' ? 'Camera' : 'Microphone';
  const details = { device, cause: name || 'unknown' };
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new ParleyError(
        'media-permission-denied',
        `${Device} access is blocked. Allow it in the browser's site settings (the icon left of the address), then try again.`,
        { cause: error, details },
      );
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return new ParleyError('media-not-found', `No ${device} found. Connect one, or join without it.`, { cause: error, details });
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return new ParleyError('media-in-use', `${Device} is used by another app. Close that app, then turn the ${device} on again.`, {
        cause: error,
        details,
      });
    case 'OverconstrainedError':
      return new ParleyError('media-overconstrained', `The selected ${device} is no longer available. Pick another one.`, {
        cause: error,
        details,
      });
    default:
      return new ParleyError(
        'media-unknown',
        `${Device} could not be started${name ? ` (${name})` : ''}. Try another device or reload the page.`,
        { cause: error, details },
      );
  }
}

export function insecureContextError(device: MediaDeviceRole): ParleyError {
  return new ParleyError(
    'media-insecure-context',
    'Camera and microphone need a secure page. Open Parley over https:// (or on localhost).',
    { details: { device } },
  );
}

function isDomExceptionLike(value: unknown): value is { name: string } {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';
}
