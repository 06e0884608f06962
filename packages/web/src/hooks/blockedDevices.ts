import type { ParleyError } from '@parley/client';

export type InputRole = 'camera' | 'microphone';

/**
 * The inputs the browser refused to this page (the person or a policy blocked them): the one place
 * the lobby's preview, the device pickers and the mic and camera buttons read it from, so they all
 * say the same thing as the warning does. A refusal without a device named is for both.
 */
export function blockedInputs(warnings: readonly ParleyError[]): ReadonlySet<InputRole> {
  const blocked = new Set<InputRole>();
  for (const warning of warnings) {
    if (warning.code !== 'media-permission-denied') continue;
    const device = warning.details['device'];
    if (device === 'camera' || device === 'microphone') blocked.add(device);
    else {
      blocked.add('camera');
      blocked.add('microphone');
    }
  }
  return blocked;
}
