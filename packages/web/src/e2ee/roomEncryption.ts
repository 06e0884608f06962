import { RoomEncryption, type E2eeOptions } from '@parley/client';

/**
 * End-to-end encryption for a Room of this page, where the browser can transform frames in a
 * worker (Chromium, Firefox); elsewhere none, and an encrypted room says why it cannot be joined.
 */
export function roomEncryption(): E2eeOptions | undefined {
  if (!RoomEncryption.supported) return undefined;
  return { createWorker: () => new Worker(new URL('./frames.worker.ts', import.meta.url), { type: 'module', name: 'parley-e2ee' }) };
}
