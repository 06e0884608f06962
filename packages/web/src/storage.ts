/** Preferences kept in localStorage. Nothing secret is ever stored here. */
export const STORAGE_KEYS = {
  lang: 'parley.lang',
  name: 'parley.name',
  devices: 'parley.devices',
  noiseSuppression: 'parley.noiseSuppression',
  background: 'parley.background',
} as const;

// Storage can throw (Safari private mode, blocked cookies); a preference is never worth a crash.
export function readStorage(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeStorage(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // ignored: see readStorage
  }
}
