import { createHash } from 'node:crypto';
import { FileTransfers, type FileTransfersOptions } from '../../src/data/transfers/FileTransfers.js';
import { Chat } from '../../src/data/Chat.js';
import { linkedPair, type LinkedPair } from '../support/wrtc.js';
import { waitFor } from '@parley/testkit';

/** Two peers on real libwebrtc data channels, each with its own Chat and FileTransfers. */
export interface DataPair {
  pair: LinkedPair;
  a: { id: string; name: string; chat: Chat; files: FileTransfers };
  b: { id: string; name: string; chat: Chat; files: FileTransfers };
  close(): void;
}

export async function dataPair(
  options: { a?: Partial<FileTransfersOptions>; b?: Partial<FileTransfersOptions>; idA?: string; idB?: string } = {},
): Promise<DataPair> {
  const idA = options.idA ?? 'aaaaaaaaaaaa';
  const idB = options.idB ?? 'bbbbbbbbbbbb';
  const pair = linkedPair({ idA, idB });
  const make = (id: string, name: string, extra: Partial<FileTransfersOptions> | undefined) => {
    const self = () => ({ id, name });
    return { id, name, chat: new Chat(self), files: new FileTransfers({ ...extra, self }) };
  };
  const a = make(idA, 'Ada', options.a);
  const b = make(idB, 'Bob', options.b);
  await waitFor(() => !!pair.a.dataChannels && !!pair.b.dataChannels, { what: 'data channels created', timeoutMs: 8_000 });
  const channelsA = pair.a.dataChannels!;
  const channelsB = pair.b.dataChannels!;
  a.chat.attach({ id: idB, name: 'Bob', newcomerSide: true }, channelsA.chat);
  b.chat.attach({ id: idA, name: 'Ada', newcomerSide: false }, channelsB.chat);
  a.files.attach({ id: idB, name: 'Bob' }, channelsA.files, () => 64 * 1024);
  b.files.attach({ id: idA, name: 'Ada' }, channelsB.files, () => 64 * 1024);
  await waitFor(() => [channelsA.chat, channelsA.files, channelsB.chat, channelsB.files].every((c) => c.readyState === 'open'), {
    what: 'data channels open',
    timeoutMs: 10_000,
  });
  return {
    pair,
    a,
    b,
    close() {
      a.chat.close();
      b.chat.close();
      a.files.close();
      b.files.close();
      pair.close();
    },
  };
}

/**
 * SHA-256 (hex) of some bytes: files are compared by hash, which is what a receiver checks, and
 * because a deep equality of half a million array elements takes vitest tens of seconds.
 */
export const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Deterministic pseudo-random bytes (xorshift), so a failure is reproducible. */
export function randomBytes(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
