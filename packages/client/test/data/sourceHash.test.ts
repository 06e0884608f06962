import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InlineSourceHasher } from '../../src/data/sourceHash.js';
import { randomBytes } from './support.js';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const piece = (bytes: Uint8Array, from: number, to: number) => bytes.slice(from, to).buffer;

describe('hashing an outgoing file from the slices sent', () => {
  it('gives the SHA-256 of the whole file from in-order slices, without reading it again', async () => {
    const bytes = randomBytes(1_000_003, 4);
    const hasher = new InlineSourceHasher();
    for (let at = 0; at < bytes.length; at += 65_536) hasher.feed(at, piece(bytes, at, at + 65_536));
    const blob = new Blob([bytes]);
    let reads = 0;
    const slice = blob.slice.bind(blob);
    blob.slice = (...args: Parameters<Blob['slice']>) => {
      reads++;
      return slice(...args);
    };
    expect(await hasher.finish(blob)).toBe(sha(bytes));
    expect(reads).toBe(0);
  });

  it('skips repeated and out-of-place slices (a second receiver, a resume) and reads only what was never fed', async () => {
    const bytes = randomBytes(300_000, 8);
    const hasher = new InlineSourceHasher();
    hasher.feed(0, piece(bytes, 0, 100_000));
    hasher.feed(0, piece(bytes, 0, 50_000)); // a second receiver, behind
    hasher.feed(200_000, piece(bytes, 200_000, 250_000)); // a resume ahead of the hashed prefix
    hasher.feed(100_000, piece(bytes, 100_000, 150_000));
    expect(await hasher.finish(new Blob([bytes]))).toBe(sha(bytes));
  });

  it('hashes only the new part of a slice that overlaps the hashed prefix (a resume from an earlier offset)', async () => {
    const bytes = randomBytes(3_000_000, 9);
    const hasher = new InlineSourceHasher();
    hasher.feed(0, piece(bytes, 0, 1_500_000));
    hasher.feed(1_000_000, piece(bytes, 1_000_000, 3_000_000)); // resent from the last acknowledged byte
    const blob = new Blob([bytes]);
    let reads = 0;
    const slice = blob.slice.bind(blob);
    blob.slice = (...args: Parameters<Blob['slice']>) => {
      reads++;
      return slice(...args);
    };
    expect(await hasher.finish(blob)).toBe(sha(bytes));
    expect(reads).toBe(0);
  });
});
