import { useEffect, useRef } from 'react';

/** What a single key does in the call (letters as typed, case-insensitive). */
export type ShortcutAction = 'mic' | 'camera' | 'share' | 'hand' | 'chat' | 'people' | 'help';

/** The keys, as Jitsi Meet has them: one letter each, outside any text field. */
export const SHORTCUT_KEYS: Readonly<Record<string, ShortcutAction>> = {
  m: 'mic',
  v: 'camera',
  s: 'share',
  h: 'hand',
  c: 'chat',
  p: 'people',
  '?': 'help',
};

/**
 * The call's keyboard shortcuts: a letter runs its action; holding Space while muted talks
 * (push to talk: the microphone is on until Space is released). Keys typed into a field, with
 * Ctrl, Alt or Meta (the browser's and the system's own), or on a control that Space presses,
 * are left alone.
 */
export function useShortcuts(handlers: {
  run: (action: ShortcutAction) => void;
  /** Push to talk: true when Space went down on a muted microphone, false when it came up. */
  talk: (talking: boolean) => void;
  micOn: () => boolean;
}): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    let talking = false;
    const down = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typesText(event.target)) return;
      if (event.key === ' ') {
        if (pressable(event.target)) return;
        event.preventDefault();
        if (event.repeat || talking || latest.current.micOn()) return;
        talking = true;
        latest.current.talk(true);
        return;
      }
      const action = SHORTCUT_KEYS[event.key.toLowerCase()];
      if (!action || event.repeat) return;
      event.preventDefault();
      latest.current.run(action);
    };
    const up = (event: KeyboardEvent) => {
      if (event.key !== ' ' || !talking) return;
      talking = false;
      latest.current.talk(false);
    };
    // A window that loses focus mid-press never sees the key come up: stop talking then too.
    const blur = () => {
      if (!talking) return;
      talking = false;
      latest.current.talk(false);
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, []);
}

function typesText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'range'].includes(target.type);
}

/** Space presses buttons, checkboxes and links' lookalikes: leave it to them. */
function pressable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('button, [role="button"], input, summary, a[href]') !== null;
}
