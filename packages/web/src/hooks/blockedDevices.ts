import type { ParleyError } from '@parley/client';

export type InputRole = 'camera' | 'microphone';

/**
 * The inputs the browser refused to this page (the person or a policy blocked them), worked out
 * once per change of the warnings as `LocalMediaState.blocked`, which the lobby's preview, the
 * device pickers and the mic and camera buttons read, so they all say what the warning says. A
 * refusal without a device named is for both.
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
