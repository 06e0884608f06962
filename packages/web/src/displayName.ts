import { readStorage, STORAGE_KEYS, writeStorage } from './storage.js';

export const MAX_NAME_LENGTH = 64;
// Same rule as the server's: control characters and bidi overrides could spoof how a name reads.
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export type NameProblem = 'required' | 'too-long' | 'invalid' | null;

export function checkName(name: string): NameProblem {
  const trimmed = name.trim();
  if (!trimmed) return 'required';
  if (trimmed.length > MAX_NAME_LENGTH) return 'too-long';
  if (UNSAFE_NAME_CHARS.test(trimmed)) return 'invalid';
  return null;
}

/** `?name=` in the invite link wins (handy for bots and tests), then the last name used here. */
export function initialName(query: URLSearchParams): string {
  const fromQuery = query.get('name');
  if (fromQuery !== null && fromQuery.trim()) return fromQuery.trim().slice(0, MAX_NAME_LENGTH);
  return readStorage(STORAGE_KEYS.name) ?? '';
}

export function rememberName(name: string): void {
  writeStorage(STORAGE_KEYS.name, name.trim());
}
