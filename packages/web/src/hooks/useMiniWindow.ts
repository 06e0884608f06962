import { useCallback, useEffect, useState } from 'react';

/** The Document Picture-in-Picture API (WICG draft, §2): not in TypeScript's DOM types yet. */
interface DocumentPictureInPicture {
  requestWindow(options?: { width?: number; height?: number }): Promise<Window>;
}

function documentPip(): DocumentPictureInPicture | null {
  const api = (window as Window & { documentPictureInPicture?: DocumentPictureInPicture }).documentPictureInPicture;
  return api ?? null;
}

/** Which mini window this browser can open: a whole small page, a single video, or none. */
export type MiniWindowKind = 'document' | 'video' | null;

export function miniWindowKind(): MiniWindowKind {
  if (documentPip()) return 'document';
  return document.pictureInPictureEnabled ? 'video' : null;
}

/**
 * The call in a small always-on-top window while the person works elsewhere. Where the browser
 * has Document Picture-in-Picture, a whole small page (the caller renders the speaker's video and
 * Mute and Leave into `window` with a portal; the page's styles are copied in); otherwise the
 * speaker's `<video>` alone goes picture-in-picture (HTMLVideoElement.requestPictureInPicture).
 * Must be opened from a click (both APIs need a user gesture).
 */
export function useMiniWindow(videoToFloat: () => HTMLVideoElement | null): {
  kind: MiniWindowKind;
  window: Window | null;
  open: () => Promise<void>;
  close: () => void;
} {
  const [kind] = useState(miniWindowKind);
  const [opened, setOpened] = useState<Window | null>(null);

  const open = useCallback(async () => {
    const api = documentPip();
    if (api) {
      const mini = await api.requestWindow({ width: 320, height: 260 });
      copyStyles(document, mini.document);
      mini.document.title = document.title;
      mini.addEventListener('pagehide', () => setOpened(null), { once: true });
      setOpened(mini);
      return;
    }
    await videoToFloat()?.requestPictureInPicture();
  }, [videoToFloat]);

  const close = useCallback(() => {
    opened?.close();
    setOpened(null);
  }, [opened]);
  // Leaving the call closes the mini window with it.
  useEffect(() => () => opened?.close(), [opened]);

  return { kind, window: opened, open, close };
}

/** The page's stylesheets, into the mini window (same origin: served by Parley, so CSP allows them). */
function copyStyles(from: Document, to: Document): void {
  for (const sheet of [...from.styleSheets]) {
    const owner = sheet.ownerNode;
    if (owner instanceof HTMLLinkElement) {
      const link = to.createElement('link');
      link.rel = 'stylesheet';
      link.href = owner.href;
      to.head.append(link);
    } else if (owner instanceof HTMLStyleElement) {
      const style = to.createElement('style');
      style.textContent = owner.textContent;
      to.head.append(style);
    }
  }
}
