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
    <button
      type="button"
      className={on ? 'control' : 'control control--off'}
      aria-pressed={on}
      aria-label={caption}
      title={actionLabel}
      data-testid={testId}
      disabled={disabled}
      onClick={onToggle}
    >
      {on ? iconOn : iconOff}
      <span className="control__caption">{caption}</span>
    </button>
  );
}
