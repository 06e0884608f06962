import type { ReactNode } from 'react';

export interface ControlButtonProps {
  icon: ReactNode;
  /** Accessible name. */
  label: string;
  /** Tooltip, when it should say more than the name (what a click does); defaults to `label`. */
  title?: string;
  caption: string;
  testId: string;
  /** For panels and modes that stay on (aria-pressed); omit for one-shot actions. */
  pressed?: boolean;
  /** `off`: red, a device that is off; `active`: a mode or panel that is on. */
  tone?: 'off' | 'active';
  disabled?: boolean;
  onClick: () => void;
}

/** A round control in the call bar. */
export function ControlButton({ icon, label, title, caption, testId, pressed, tone, disabled, onClick }: ControlButtonProps) {
  return (
    <button
      type="button"
      className={tone ? `control control--${tone}` : 'control'}
      data-testid={testId}
      aria-label={label}
      title={title ?? label}
      aria-pressed={pressed}
      disabled={disabled}
      onClick={onClick}
    >
      {icon}
      <span className="control__caption">{caption}</span>
    </button>
  );
}
