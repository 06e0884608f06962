import { ControlButton } from './ControlButton.js';
import type { ReactNode } from 'react';

export interface ToggleButtonProps {
  /** aria-pressed: true while the device is on. */
  on: boolean;
  onToggle: () => void;
  iconOn: ReactNode;
  iconOff: ReactNode;
  /** What a click does ("Mute microphone"), shown as the tooltip. */
  actionLabel: string;
  /** The device ("Microphone"): the accessible name stays fixed while aria-pressed flips (WAI-ARIA APG, toggle button). */
  caption: string;
  testId: string;
  disabled?: boolean;
}

/** A round on/off control; "off" is red so a muted mic is obvious at a glance. */
export function ToggleButton({ on, onToggle, iconOn, iconOff, actionLabel, caption, testId, disabled }: ToggleButtonProps) {
  return (
    <ControlButton
      icon={on ? iconOn : iconOff}
      title={actionLabel}
      caption={caption}
      testId={testId}
      pressed={on}
      {...(on ? {} : { tone: 'off' as const })}
      {...(disabled === undefined ? {} : { disabled })}
      onClick={onToggle}
    />
  );
}
