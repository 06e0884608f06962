import type * as CallEntry from './callEntry.js';
import { loadOnce } from './loadOnce.js';

/**
 * The code a call needs beyond the lobby (the SDK's Room, the call screen with chat, files and
 * panels, end-to-end encryption): a chunk of its own, so a link opens its lobby without it. The
 * lobby starts loading it as soon as it shows (the person is choosing a camera meanwhile), and the
 * join waits for it only if it has not arrived yet.
 */
export type CallCode = typeof CallEntry;

/** The call's code, fetched once per page; a failed fetch (the network dropped) is tried again on the next call. */
export const loadCallCode: () => Promise<CallCode> = loadOnce(() => import('./callEntry.js'));
