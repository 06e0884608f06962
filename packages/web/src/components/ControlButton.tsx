import type { ReactNode } from 'react';

export interface ControlButtonProps {
  icon: ReactNode;
  /** The visible word under the icon, and so the button's accessible name. */
  caption: string;
  /** Tooltip: what a click does, when it says more than the caption ("Share your screen"). */
  title?: string;
  testId: string;
  /** For panels and modes that stay on (aria-pressed); omit for one-shot actions. */
  pressed?: boolean;
  /** `off`: red, a device that is off; `active`: a mode or panel that is on. */
  tone?: 'off' | 'active';
  disabled?: boolean;
  onClick: () => void;
}

/**
 * A round control in the call bar. It is named by its caption alone, so the word a person sees is
 * the word voice control and screen readers use ("click Stats"; WCAG 2.1 SC 2.5.3 Label in Name);
 * the longer wording goes to the tooltip.
 */
export function ControlButton({ icon, caption, title, testId, pressed, tone, disabled, onClick }: ControlButtonProps) {
  return (
    <button
      type="button"
      className={tone ? `control control--${tone}` : 'control'}
      data-testid={testId}
      title={title ?? caption}
      aria-pressed={pressed}
      disabled={disabled}
      onClick={onClick}
    >
      {icon}
      <span className="control__caption">{caption}</span>
    </button>
  );
}
