import { useEffect, useRef, type RefObject } from 'react';

/** A mouse or trackpad, hence a keyboard at hand; false on a touch screen. */
export function hasFinePointer(): boolean {
  return window.matchMedia?.('(pointer: fine)').matches ?? false;
}

/**
 * A side panel's keyboard contract, as for a non-modal dialog (WAI-ARIA APG, Dialog pattern):
 * when it opens, focus moves into it, to `typeInto` where there is a keyboard (the chat input),
 * else to the panel itself, so a phone's on-screen keyboard does not cover the call; Escape closes
 * it, and focus goes back to where it was, the button that opened it.
 */
export function usePanelFocus(panel: RefObject<HTMLElement | null>, onClose: () => void, typeInto?: RefObject<HTMLElement | null>): void {
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    const element = panel.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ((hasFinePointer() ? typeInto?.current : null) ?? element)?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      close.current();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      // Only when focus was in the panel (now gone, so on the body): never pull it from elsewhere.
      const focused = document.activeElement;
      if (opener?.isConnected && (focused === document.body || focused === null || element?.contains(focused))) opener.focus();
    };
    // Once per opening: the panel mounts when it opens and unmounts when it closes (refs are stable).
  }, [panel, typeInto]);
}
